"""The task bank: format errors, validation of every task, the listing, measured difficulty."""

from __future__ import annotations

import json
import shutil
from collections import Counter
from pathlib import Path

import pytest
import yaml

from python_env.cli import main as cli
from python_env.server.sandbox import shared_sandbox
from python_env.server.tasks.difficulty import measure, summary
from python_env.server.tasks.loader import TaskFormatError, default_tasks_dir, get_bank, load_task
from python_env.server.tasks.validate import validate

from .conftest import EXAMPLE_TASK, all_tasks

ROOT = Path(__file__).resolve().parents[1]


# One test per task: validating the whole bank in one test took ~200 s on a loaded machine,
# past the per-test timeout; each task alone takes seconds, and the total is the same.
@pytest.mark.parametrize("task", all_tasks(), ids=lambda task: task.id)
def test_every_task_validates(task):
    (report,) = validate([task], default_tasks_dir(), shared_sandbox(), write=False)
    assert report.ok, report.errors


@pytest.fixture
def broken(tmp_path):
    folder = tmp_path / EXAMPLE_TASK
    shutil.copytree(default_tasks_dir() / EXAMPLE_TASK, folder)
    return folder


def _edit(folder: Path, old: str, new: str) -> None:
    meta = folder / "task.toml"
    meta.write_text(meta.read_text().replace(old, new, 1))


@pytest.mark.parametrize("old,new,field", [
    ('difficulty = "medium"', 'difficulty = "trivial"', "difficulty"),
    ('severity = "major"', 'severity = "huge"', "issues.0.severity"),
    ("end_line = 19", "end_line = 900", "issues[0].end_line"),
    ('file = "shop/pagination.py"', 'file = "shop/nope.py"', "issues[0].file"),
    ('split = "train"', 'split = "train"\nsurprise = 1', "surprise"),
])
def test_format_errors_name_the_task_and_the_field(broken, old, new, field):
    _edit(broken, old, new)
    with pytest.raises(TaskFormatError) as err:
        load_task(broken)
    assert f"task {EXAMPLE_TASK!r}: {field}:" in str(err.value)


def test_a_broken_witness_fails_validation(broken):
    _edit(broken, 'witnesses = ["check_has_next_last_page"]', 'witnesses = ["check_slices"]')
    report = validate([load_task(broken)], broken.parent, shared_sandbox(), write=False)[0]
    assert any("no witness differs" in e for e in report.errors)


def test_an_issue_witnessed_only_by_a_static_check_fails_validation(tmp_path):
    # The static check still differs between head and fix; what is missing is a probe: a patch
    # that hides `tempfile.mktemp` from the linter passes S306 and fixes nothing.
    task_id = "cache-snapshot-persistence"
    folder = tmp_path / task_id
    shutil.copytree(default_tasks_dir() / task_id, folder)
    _edit(folder, 'witnesses = ["check_snapshot_temp_file_created_exclusively", "snapshot-mktemp"]',
          'witnesses = ["snapshot-mktemp"]')
    report = validate([load_task(folder)], folder.parent, shared_sandbox(), write=False)[0]
    assert report.errors == [
        "issue mktemp-race: no probe among its witnesses differs between head and fix, only "
        "static checks: a patch can pass those by hiding the code from the linter (same "
        "behaviour, other spelling); add a check_* probe that observes the defect"
    ]


@pytest.mark.parametrize("probe", [
    # Varies from run to run: the head's rewrite is its second run, in a process of its own.
    "def check_random():\n    import os\n\n    return os.urandom(8).hex()\n",
    # Reads the code's text, which the witness rewrite changes (behaviour does not).
    "def check_source():\n    import inspect\n\n    import shop.pagination as module\n\n"
    "    return inspect.getsource(module)[:30]\n",
])
def test_a_probe_that_differs_on_a_second_run_or_on_the_rewrite_fails_validation(broken, probe):
    probes = broken / "probes.py"
    probes.write_text(probes.read_text() + "\n\n" + probe)
    report = validate([load_task(broken)], broken.parent, shared_sandbox(), write=False)[0]
    name = probe.split("(")[0].removeprefix("def ")
    assert any(f"probes [{name!r}] differ between the head and its witness rewrite" in e
               for e in report.errors), report.errors


def test_a_fix_that_misses_a_probe_or_stale_expectations_fail(broken):
    fix = broken / "fix/shop/pagination.py"
    fix.write_text(fix.read_text().replace("return self.page < self.pages",
                                           "return self.page < self.pages - 1"))
    report = validate([load_task(broken)], broken.parent, shared_sandbox(), write=False)[0]
    assert any("stale" in e or "fails on the fix" in e for e in report.errors)


def test_tasks_list_json(capsys):
    assert cli(["tasks", "list", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert {r["id"] for r in rows} == set(get_bank().by_id)
    example = next(r for r in rows if r["id"] == EXAMPLE_TASK)
    assert example == {"id": EXAMPLE_TASK, "split": "train", "difficulty": "medium",
                       "clean": False, "files": ["shop/pagination.py"], "classes": ["off-by-one"]}


def test_manifest_declares_the_real_task_counts():
    manifest = yaml.safe_load((ROOT / "openenv.yaml").read_text())
    declared = manifest["validation"]["capabilities"]["declared_task_count"]
    actual = Counter(t.split for t in all_tasks())
    assert declared == {s: actual.get(s, 0) for s in ("train", "validation", "test")}


def test_difficulty_is_measured_not_asserted():
    flags = [f for task in all_tasks() for f in measure(task)]
    rates = summary(flags)
    assert rates["easy"]["rate"] >= 0.8, rates
    for difficulty in ("medium", "hard"):
        assert rates[difficulty]["rate"] <= 0.25, rates


def test_the_bank_has_the_promised_spread():
    tasks = all_tasks()
    assert len(tasks) >= 60
    difficulties = Counter(t.difficulty for t in tasks)
    assert all(difficulties[d] >= 15 for d in ("easy", "medium", "hard")), difficulties
    classes = {c for t in tasks for c in t.bug_classes}
    assert len(classes) >= 12, classes
    assert sum(len(t.head_changes) > 1 for t in tasks) >= 10
    assert any(len(t.issues) > 1 for t in tasks)
    assert sum(t.clean for t in tasks) >= 0.15 * len(tasks)
    for split in ("train", "validation", "test"):
        in_split = [t for t in tasks if t.split == split]
        assert any(t.clean for t in in_split) and len({t.difficulty for t in in_split}) == 3


def test_validation_takes_known_visible_results_and_runs_the_modules_they_lack():
    from python_env.server.tasks.validate import derive
    from python_env.server.visible_tests import test_files

    task = load_task(default_tasks_dir() / EXAMPLE_TASK)
    (module, *_) = test_files(task.fixed)
    failed = {"tests": [{"id": "test_x", "outcome": "failed", "message": "boom"}]}
    # A known record is used as it is (the real builder runs a PR's superset once)...
    report = derive(task, shared_sandbox(), {module: failed})
    assert f"visible test {module}::test_x fails on the fix: boom" in report.errors
    # ...and a module it lacks is run: the task's visible tests pass on its fix.
    assert derive(task, shared_sandbox(), {}).ok
