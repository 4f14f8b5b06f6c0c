"""The sandbox package's seams: backends held by each Sandbox (no module state), the runner
joined from its modules into the one program the sandbox receives, and `files.materialize`."""

from __future__ import annotations

import ast
import json
import shutil
import stat
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from python_env.server import files
from python_env.server import sandbox as sandbox_mod
from python_env.server.sandbox import Backend, Sandbox, SandboxUnavailable, detect_backend
from python_env.server.sandbox.runner import PARTS, items, wire
from python_env.server.sandbox.shipping import join_runner, runner_source
from python_env.server.syntax import parse as parse_source

PACKAGE = Path(sandbox_mod.__file__).parent
BASE = sandbox_mod.BASE_UID + 90  # apart from test_sandbox (+50..) and test_probe_hygiene (+70..)

# What the code under review sees of its process: where its workspace is, and whether the
# runner (pid 1 under bubblewrap) is out of reach (non-dumpable) or not.
WHERE = """
def check_where():
    import os, mod
    try:
        runner = os.readlink("/proc/1/exe")
    except OSError as exc:
        runner = type(exc).__name__
    return [mod.__file__, runner]
"""


@pytest.fixture(scope="module")
def workspace() -> Iterator[Path]:
    root = files.materialize({"mod.py": "X = 1\n"})
    yield root
    shutil.rmtree(root, ignore_errors=True)


def where(box: Sandbox, root: Path) -> list:
    job = box.run(root, {"mode": "probes", "source": WHERE, "checks": ["check_where"]})
    assert job.status == "ok", (job.detail, job.stderr)
    return job.results["check_where"]["ok"]


def sandbox_or_skip(backend: str | Backend, base_uid: int) -> Sandbox:
    try:
        box = Sandbox(workers=1, base_uid=base_uid, backend=backend)
    except SandboxUnavailable as exc:
        pytest.skip(f"no {backend} sandbox here: {exc}")
    return box


# ------------------------------------------------------------------- backends, per Sandbox


def test_two_backends_in_one_process_each_keep_their_own(workspace):
    jailed = sandbox_or_skip("bwrap", BASE)
    confined = sandbox_or_skip("landlock", BASE + 1)
    try:
        assert (jailed.backend, confined.backend) == ("bwrap", "landlock")
        # Interleaved: choosing one backend never switches the other sandbox over.
        for _ in range(2):
            assert where(jailed, workspace)[0] == "/ws/mod.py"
            assert where(confined, workspace)[0] == str(workspace / "mod.py")
    finally:
        confined.scratch.close()


def test_the_seal_is_a_property_of_the_backend_not_of_the_process(workspace):
    detected = sandbox_or_skip("bwrap", BASE)
    if not detected.selected.sealed:
        pytest.skip("the execute-only interpreter does not run on this machine")
    sealed = Sandbox(workers=1, base_uid=BASE, backend=Backend("bwrap", sealed=True))
    dumpable = Sandbox(workers=1, base_uid=BASE + 1, backend=Backend("bwrap", sealed=False))
    for _ in range(2):
        assert where(sealed, workspace)[1] == "PermissionError"  # the runner: non-dumpable
        assert where(dumpable, workspace)[1].startswith("/usr/")
    # Building those never touched what the probe found for everybody else.
    assert detect_backend("bwrap") == detected.selected


def test_detection_is_once_per_choice_and_returns_a_value():
    try:
        first = detect_backend("bwrap")
    except SandboxUnavailable as exc:
        pytest.skip(f"no bwrap here: {exc}")
    assert isinstance(first, Backend) and first.name == "bwrap"
    assert detect_backend("bwrap") is first  # probed once per process
    with pytest.raises(SandboxUnavailable, match="unknown sandbox backend"):
        detect_backend("chroot")


def test_an_explicit_backend_is_used_as_given_without_probing():
    box = Sandbox(workers=3, base_uid=BASE, backend=Backend("landlock"))
    assert box.backend == "landlock" and box.workers == 3
    assert box.scratch.dirs == {}  # nothing made before a job needs it


def test_the_shared_sandbox_is_one_object_for_every_thread():
    try:
        sandbox_mod.shared_sandbox()
    except SandboxUnavailable as exc:
        pytest.skip(f"no sandbox here: {exc}")
    seen: list[Sandbox] = []
    threads = [threading.Thread(target=lambda: seen.append(sandbox_mod.shared_sandbox()))
               for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len({id(box) for box in seen}) == 1


def test_landlock_scratch_directories_belong_to_their_sandbox(workspace):
    one = sandbox_or_skip("landlock", BASE + 2)
    two = Sandbox(workers=1, base_uid=BASE + 3, backend=one.selected)
    try:
        where(one, workspace)
        where(two, workspace)
        assert one.scratch.dirs[0] != two.scratch.dirs[0]
        kept = two.scratch.dirs[0]
        one.scratch.close()
        assert one.scratch.dirs == {} and one.scratch.mounted == []
        assert kept.is_dir()  # the other sandbox's slot is untouched
        where(one, workspace)  # and a closed one makes a new directory when used again
        assert one.scratch.dirs[0].is_dir()
    finally:
        one.scratch.close()
        two.scratch.close()


def test_no_module_level_mutable_state_in_the_package():
    """State lives on objects (a Sandbox, its Backend, its ScratchDirs) or in once-caches."""
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = parse_source(path.read_text(encoding="utf-8"))
        offenders += [f"{path.name}:{node.lineno} global" for node in ast.walk(tree)
                      if isinstance(node, ast.Global)]
        for node in tree.body:
            value = node.value if isinstance(node, ast.Assign | ast.AnnAssign) else None
            mutable = isinstance(value, ast.List | ast.Dict | ast.Set | ast.ListComp | ast.DictComp)
            if mutable and (path.parent.name != "runner" or not isinstance(value, ast.Dict)):
                offenders.append(f"{path.name}:{node.lineno}")
    # The runner's one table (syscall numbers per machine) is read-only data in a process of
    # its own; anything else would be shared by every job of this process.
    assert offenders == [], offenders


# ------------------------------------------------------------------- the runner, shipped


def test_the_runner_is_joined_from_its_parts_into_one_program():
    source = runner_source()
    tree = parse_source(source)
    # One namespace: no import of a sibling module survives, no name is defined twice.
    assert not [n for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.level]
    names = [n.name for n in tree.body if isinstance(n, ast.FunctionDef)]
    assert len(names) == len(set(names))
    assert {"main", "in_child", "probe", "confinement", "jsonable"} <= set(names)
    last = tree.body[-1]
    assert isinstance(last, ast.Expr) and ast.unparse(last) == "main()"
    assert "python_env" not in source  # nothing of this repository's package inside


def parts(**override: str) -> dict[str, str]:
    texts = {name: (PACKAGE / "runner" / f"{name}.py").read_text(encoding="utf-8")
             for name in PARTS}
    texts.update(override)
    return texts


def test_joining_refuses_what_one_namespace_would_change():
    texts = parts()
    assert join_runner(texts.__getitem__) == runner_source()
    twice = parts(items=texts["items"] + "\n\ndef compact(value):\n    return ''\n")
    with pytest.raises(ValueError, match=r"'compact' is also defined in wire\.py"):
        join_runner(twice.__getitem__)
    renamed = parts(items=texts["items"].replace("from .wire import jsonable",
                                                 "from .wire import jsonable as image"))
    with pytest.raises(ValueError, match="not defined by an earlier part"):
        join_runner(renamed.__getitem__)
    later = parts(wire=texts["wire"] + "\nfrom .main import main\n")
    with pytest.raises(ValueError, match="'main' is not defined by an earlier part"):
        join_runner(later.__getitem__)
    nested = parts(items=texts["items"] + "\n\ndef late():\n    from .wire import loads\n")
    with pytest.raises(ValueError, match="only top-level"):
        join_runner(nested.__getitem__)


def test_the_runner_parts_import_on_the_host_and_behave_there():
    # The runner's wire format is json.dumps with sorted keys, without importing json.
    value = {"b": [1, 2.5, None, True], "a": "\u00e9", "c": {"z": 1, "y": [False]}}
    assert wire.compact(value) == json.dumps(value, sort_keys=True, separators=(",", ":"))
    assert wire.loads(' {"a": [1, null]} ') == {"a": [1, None]}
    with pytest.raises(ValueError):
        wire.loads('{"a": 1} trailing')
    assert wire.jsonable({3, 1, 2}) == {"__set__": [1, 2, 3]}
    # What a child reports is checked: a forged record never passes as tests.
    good = {"tests": [{"id": "test_a", "outcome": "passed", "message": ""}]}
    assert items.tests_record(good) == good
    forged = {"tests": [{"id": "test_a", "outcome": "passed", "message": "", "extra": 1}]}
    assert items.tests_record(forged) == {"error": "malformed result"}
    assert items.tests_record({"tests": [], "passed": 99}) == {"error": "malformed result"}


def test_every_module_of_the_package_stays_small():
    sizes = {path.relative_to(PACKAGE).as_posix(): path.read_text().count("\n")
             for path in PACKAGE.rglob("*.py")}
    assert max(sizes.values()) <= 400, sizes


# ------------------------------------------------------------------- files


def test_materialize_writes_a_tree_the_sandbox_uid_can_read_and_not_write():
    root = files.materialize({"a.py": "A = 1\n", "pkg/sub/b.py": "B = 2\n"})
    try:
        assert (root / "pkg" / "sub" / "b.py").read_text() == "B = 2\n"
        for path in [root, root / "pkg", root / "pkg" / "sub"]:
            assert stat.S_IMODE(path.stat().st_mode) == 0o755
        for path in [root / "a.py", root / "pkg" / "sub" / "b.py"]:
            assert stat.S_IMODE(path.stat().st_mode) == 0o644
        again = files.materialize({"c.py": ""}, root=root)  # into an existing tree
        assert again == root and sorted(p.name for p in root.iterdir()) == ["a.py", "c.py", "pkg"]
    finally:
        shutil.rmtree(root, ignore_errors=True)


def test_the_readme_names_the_modules_the_package_has():
    import re

    text = (PACKAGE.parents[1] / "README.md").read_text(encoding="utf-8")
    paragraph = text[text.index("The code is the package `server/sandbox/`"):]
    paragraph = paragraph[:paragraph.index("\n\n")]
    named = set(re.findall(r"`(\w+)\.py`", paragraph)) - {"files"}
    modules = {path.stem for path in PACKAGE.glob("*.py")} - {"__init__"}
    assert named == modules, (named, modules)
    runner = re.search(r"`runner/`: ([^)]*)\)", paragraph).group(1)
    assert tuple(re.findall(r"`(\w+)`", runner)) == PARTS
