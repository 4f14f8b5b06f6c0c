"""The real-code split, end to end: pinned sdists from PyPI -> PRs between releases -> tasks
validated as the bank's are -> served as split `real` -> graded.

The suite builds a small set (two packages, one PR each, `MUTANTS` defects per PR) once, into
pytest's cache directory (`.pytest_cache/d/python_env_real`), so later runs reuse the downloads
and the built tasks (the builder rebuilds a PR only when its inputs or the builder change).
Network: PyPI only, on the first run.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import re
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from python_env import PythonAction, PythonEnv
from python_env.server.grading.checks import run_checks_on
from python_env.server.python_env_environment import PythonEnvironment
from python_env.server.sandbox import Sandbox, shared_sandbox
from python_env.server.tasks.model import REAL_SPLIT, Task
from python_env.server.tasks.pullrequest import pr_lines
from python_env.server.tasks.real import differential, sources, store
from python_env.server.tasks.real.build import build
from python_env.server.tasks.real.probes import units_of
from python_env.server.tasks.real.sources import Release, SourceError

from .conftest import serve
from .shortcuts import flag_every_added_line, oracle_score, play_actions, revert_score

# Two packages whose suites run in about a second: one PR each (a release whose changed code
# the package's tests exercise, and whose new tests fail on the release before; both releases'
# tests call changed public functions with literal arguments: a differential probe).
PACKAGES = ["cachetools", "toolz"]
PRS = ["cachetools-8-0-0", "toolz-1-2-0"]
MUTANTS = 1
FLOOR = 0.05


@pytest.fixture(scope="module")
def real_cache(request: pytest.FixtureRequest) -> Iterator[Path]:
    cache = Path(request.config.cache.mkdir("python_env_real"))
    # Under `pytest -n`, workers share the cache: one builds, the others wait and reuse it.
    with open(cache / ".build.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        summary = build(cache, PACKAGES, jobs=2, mutants=MUTANTS, only=PRS,
                        sandbox=Sandbox(workers=2))
    assert summary.prs == len(PRS), summary
    old = os.environ.get(sources.CACHE_ENV)
    os.environ[sources.CACHE_ENV] = str(cache)
    store._banks.clear()
    yield cache
    if old is None:
        os.environ.pop(sources.CACHE_ENV, None)
    else:
        os.environ[sources.CACHE_ENV] = old
    store._banks.clear()


@pytest.fixture(scope="module")
def real(real_cache: Path) -> list[Task]:
    return store.real_tasks()


def test_each_pr_gives_validated_buggy_and_clean_tasks(real: list[Task]):
    by_pr = {pr: [t for t in real if t.id.startswith(f"real-{pr}-")] for pr in PRS}
    for pr, tasks in by_pr.items():
        assert any(t.clean for t in tasks), pr
        assert any(not t.clean for t in tasks), pr
    for task in real:
        assert task.split == REAL_SPLIT and task.derived is not None
        assert task.derived.pass_to_pass, task.id  # checks that keep passing pin the behaviour
        if task.clean:
            assert not task.derived.fail_to_pass and not task.fix_changes
            continue
        (issue,) = task.issues
        # The witnesses are the package's tests that break on the defect, and only those.
        assert set(issue.witnesses) == set(task.derived.fail_to_pass)
        # The defect sits on + lines of a diff that is a real release, not just the defect.
        plus = pr_lines(task.base.get(issue.file), task.head_changes[issue.file])
        assert set(range(issue.start_line, issue.end_line + 1)) & plus
        total = sum(len(pr_lines(task.base.get(p), t)) for p, t in task.head_changes.items())
        assert total >= 5 * (issue.end_line - issue.start_line + 1)
        assert task.fixed[issue.file] != task.head[issue.file]


def test_hidden_tests_stay_out_of_the_workspace(real: list[Task]):
    for task in real:
        hidden = {u.split("::")[0] for units in units_of(task.probes_source).values()
                  for u in units}
        failing = set()
        for check in task.derived.fail_to_pass:
            failing |= {u.split("::")[0] for u in units_of(task.probes_source)[check]}
        assert hidden, task.id
        # The modules whose tests catch the defect are never among the reviewer's tests.
        assert not failing & set(task.visible_tests), task.id
        assert "tests/conftest.py" in task.visible_tests  # run_tests uses pytest
        # Nor are the differential probe's calls: they live in the probes file only.
        shown = json.dumps([task.head, task.visible_tests, task.description])
        assert "_differential" not in shown and "CALLS" not in shown, task.id
    # The set exercises the differential probe: a PR whose tests call its public functions.
    assert any(differential.NAME in t.derived.expected for t in real)


def test_sources_are_pinned_licensed_and_verified(real_cache: Path, monkeypatch):
    for package in sources.load_packages():
        assert package.license in {"MIT", "BSD-2-Clause", "BSD-3-Clause", "Apache-2.0",
                                   "PSF-2.0", "ISC"}
        assert len(package.releases) >= 2
    for pr in PRS:
        name = pr.split("-")[0]
        licences = list((real_cache / "licenses").glob(f"{name}-*/*"))
        assert licences and all(p.stat().st_size > 0 for p in licences), name
    # A download that does not match its pin is refused (nothing is cached).
    release = Release("0.0.0", "fake-0.0.0.tar.gz", hashlib.sha256(b"pinned").hexdigest())
    monkeypatch.setattr(sources, "_download", lambda name, rel: b"tampered")
    with pytest.raises(SourceError, match="sha256"):
        sources.fetch("fake", release, real_cache)
    assert not (real_cache / "sdists" / "fake-0.0.0.tar.gz").exists()


def test_oracle_full_marks_and_shortcuts_at_the_floor(real: list[Task]):
    buggy = [t for t in real if not t.clean]
    with ThreadPoolExecutor(2) as pool:
        oracle = [score.total for score in pool.map(oracle_score, real)]
        revert = list(pool.map(revert_score, buggy))
    assert oracle == [1.0] * len(real), dict(zip([t.id for t in real], oracle, strict=True))
    for task, score in zip(buggy, revert, strict=True):
        # Reverting the release fails the tests of what it adds: the patch part is 0.
        assert score.parts["patch"] == 0.0 and score.total <= FLOOR, (task.id, score)
        assert score.patch.pass_to_pass_passed < score.patch.pass_to_pass_total
        assert flag_every_added_line(task) <= FLOOR, task.id
        null = play_actions(task, [PythonAction(action_type="submit", decision="approve")])
        assert null.total <= FLOOR, (task.id, null)


# What a reviewer's patch could add to the package under review: at import (the tests import
# it in pytest's process), every failing test report is rewritten as a pass.
FORGERY = """

def _forge_reports():
    from _pytest.reports import TestReport

    if getattr(TestReport, "_forged", False):
        return
    original = TestReport.from_item_and_call.__func__

    def from_item_and_call(cls, item, call):
        report = original(cls, item, call)
        if report.failed:
            report.outcome = "passed"
            report.longrepr = None
        return report

    TestReport.from_item_and_call = classmethod(from_item_and_call)
    TestReport._forged = True


_forge_reports()
"""


def _forged(task: Task) -> dict[str, str]:
    """The head with the forgery appended to the defect's module and the package's top module."""
    (issue,) = task.issues
    files = {issue.file} | {p for p in task.head if p.count("/") == 1 and p.endswith("/__init__.py")}
    return {p: task.head[p] + FORGERY for p in sorted(files)}


def _outcomes(output: str) -> list[list[str]]:
    return json.loads(output)["ok"]


def test_a_forged_pytest_verdict_meets_the_sentinels(real: list[Task]):
    buggy = [t for t in real if not t.clean]
    assert buggy
    for task in buggy:
        assert task.derived is not None
        patch = _forged(task)
        run = run_checks_on(task, {**task.head, **patch}, shared_sandbox())
        assert run.status == "ok", run.detail
        stopped = 0
        for check, expected in task.derived.expected.items():
            if check == differential.NAME:
                # Values computed outside pytest: the forgery cannot touch them.
                assert (run.outputs[check] == expected) == (check in task.derived.pass_to_pass)
                continue
            wanted, forged = _outcomes(expected), _outcomes(run.outputs[check])
            # The sentinels: the only tests the release fails, one per check that has one.
            sentinels = {n for n, o in wanted if o == "failed"}
            if not sentinels:
                # A group with no negatable test: it may only be a check the defect leaves
                # passing, where a forgery changes nothing.
                assert check in task.derived.pass_to_pass and forged == wanted, (task.id, check)
                continue
            # Control: without them, the forgery would match the release test for test
            # (the defect's failing tests included)...
            assert ([e for e in forged if e[0] not in sentinels]
                    == [e for e in wanted if e[0] not in sentinels]), (task.id, check)
            # ...and the sentinels are what tells it apart.
            assert forged != wanted and all(o == "passed" for n, o in forged if n in sentinels)
            stopped += check in task.derived.fail_to_pass
        assert stopped, task.id  # the forgery does make the defect's checks read as passed
        actions = [PythonAction(action_type="propose_patch", path=p, content=t)
                   for p, t in patch.items()]
        score = play_actions(task, [*actions, PythonAction(action_type="submit",
                                                           decision="request_changes")])
        assert score.parts["patch"] == 0.0 and score.total <= FLOOR, (task.id, score)


def test_real_split_over_the_wire_runs_the_package_tests_with_pytest(real: list[Task]):
    from python_env.server.app import app

    with serve(app) as url, PythonEnv(base_url=url).sync() as env:
        result = env.reset(split=REAL_SPLIT, index=0)
        assert result.observation.task_id == real[0].id
        assert "_differential" not in result.observation.model_dump_json()
        shown = env.step(PythonAction(action_type="run_tests")).observation.tool_output
        first = shown.splitlines()[0]
        assert " passed, 0 failed, 0 errors" in first, shown[:500]
        assert int(first.split()[0]) > 0


def test_without_a_cache_the_split_says_how_to_build_it(tmp_path, monkeypatch):
    monkeypatch.setenv(sources.CACHE_ENV, str(tmp_path / "empty"))
    monkeypatch.setattr(store, "_banks", {})
    env = PythonEnvironment()
    with pytest.raises(ValueError, match="python-env tasks build-real"):
        env.reset(split=REAL_SPLIT, index=0)
    assert env.list_splits()[-1] == {"name": REAL_SPLIT, "type": REAL_SPLIT, "num_tasks": 0}
    env.close()


def test_the_cache_round_trips(real_cache: Path, real: list[Task]):
    again = store.load_real(real_cache).split(REAL_SPLIT)
    assert [t.id for t in again] == [t.id for t in real]
    for old, new in zip(real, again, strict=True):
        assert old.head == new.head and old.fixed == new.fixed and old.derived == new.derived
    files = sorted((real_cache / "prs").glob("*.json"))
    assert {json.loads(p.read_text())["id"] for p in files if p.name != "stamps.json"} >= set(PRS)


def test_the_readme_commands(real_cache: Path, real: list[Task], capsys):
    from python_env.cli import main

    # Built already (the fixture): the command finds every PR in the cache and rebuilds none.
    assert main(["tasks", "build-real", "--packages", ",".join(PACKAGES), "--prs",
                 ",".join(PRS), "--mutants", str(MUTANTS), "--cache", str(real_cache),
                 "--no-progress"]) == 0
    out = capsys.readouterr().out
    assert f"({len(PRS)} PRs cached" in out and f"{len(real)} validated tasks" in out
    assert main(["tasks", "difficulty", "--split", REAL_SPLIT]) == 0
    buggy = sum(1 for t in real if not t.clean)
    # The table's `hard` row: every real task is hard; none of these defects is flagged.
    assert re.search(rf"hard\W+{buggy}\W+0\W", capsys.readouterr().out)
