"""Hiding a flagged call from the linter does not fix an issue.

Some reference issues are flagged by an analyser (they are the "easy" ones), and their static
check is among their witnesses. A patch passes such a check by spelling the same code so the
linter does not see it: `getattr(tempfile, "mktemp")(...)` evades ruff S306, a secret built with
`"".join([...])` evades S105. Every issue also has a behavioural probe among its witnesses
(`python-env tasks validate` requires it), and that probe still sees the defect: the evasive
patch passes the static check, fails the probe, does not fix the issue and does not corroborate
the finding; the reference review still scores 1.0.
"""

from __future__ import annotations

import shutil
from functools import cache

import pytest

from python_env.models import PythonObservation
from python_env.server.files import materialize
from python_env.server.grading.checks import run_checks
from python_env.server.grading.matching import UNPROVEN
from python_env.server.sandbox import shared_sandbox
from python_env.server.tasks.model import Task

from .episodes import play_all, task_by_id
from .fairness import finding, review

# (task, issue) -> file, the flagged text at the head, the same code hidden from the linter.
EVASIONS: dict[tuple[str, str], tuple[str, str, str]] = {
    ("cache-snapshot-persistence", "mktemp-race"): (
        "kvcache/snapshot.py",
        'tmp_path = tempfile.mktemp(prefix=".snapshot-", dir=directory)',
        'tmp_path = getattr(tempfile, "mktemp")(prefix=".snapshot-", dir=directory)',
    ),
    ("sec-session-cookie-pickle", "built-in-secret-key"): (
        "webapp/settings.py",
        'DEFAULT_SECRET_KEY = "9f2c4e7a1b8d3f6051c2e9a7d4b8f3e6"',
        'DEFAULT_SECRET_KEY = "".join(["9f2c4e7a1b8d3f6051c2e9a7d4b8f3e6"])',
    ),
}
CASES = sorted(EVASIONS)
TASKS = sorted({task_id for task_id, _ in CASES})


def _issue_index(task: Task, issue_id: str) -> int:
    return next(i for i, issue in enumerate(task.issues) if issue.id == issue_id)


def evasive_patch(task: Task, issue_id: str) -> dict[str, str]:
    path, flagged, hidden = EVASIONS[task.id, issue_id]
    text = task.head[path]
    assert text.count(flagged) == 1, (task.id, flagged)
    return {path: text.replace(flagged, hidden)}


@cache
def _episodes(task_id: str) -> dict[str, PythonObservation]:
    """The oracle review, and per evasive case the reference finding of its issue + the patch."""
    task = task_by_id(task_id)
    plans = {"oracle": review([finding(issue) for issue in task.issues], task.fix_changes)}
    for case_task, issue_id in CASES:
        if case_task == task_id:
            issue = task.issues[_issue_index(task, issue_id)]
            plans[issue_id] = review([finding(issue)], evasive_patch(task, issue_id))
    return play_all(task, {name: (lambda obs, files, plan=plan: plan)
                           for name, plan in plans.items()})


@pytest.mark.parametrize("case", CASES, ids=[f"{t}:{i}" for t, i in CASES])
def test_the_evasion_passes_the_static_witness_and_fails_the_probe(case):
    task_id, issue_id = case
    task = task_by_id(task_id)
    issue = task.issues[_issue_index(task, issue_id)]
    static = {check.id for check in task.static_checks}
    f2p = set(task.derived.fail_to_pass)
    static_witnesses = [w for w in issue.witnesses if w in static and w in f2p]
    probe_witnesses = [w for w in issue.witnesses if w not in static and w in f2p]
    assert static_witnesses and probe_witnesses, issue.witnesses
    tree = dict(task.head)
    tree.update(evasive_patch(task, issue_id))
    root = materialize(tree)
    try:
        run = run_checks(task, root, shared_sandbox())
    finally:
        shutil.rmtree(root, ignore_errors=True)
    assert run.status == "ok", run.detail
    expected = task.derived.expected
    # The linter no longer sees the defect: on static checks alone the issue would count as fixed.
    assert all(run.outputs[w] == expected[w] for w in static_witnesses)
    # The probe still does: the patched code behaves as the head does.
    for witness in probe_witnesses:
        assert run.outputs[witness] != expected[witness]
        assert run.outputs[witness] == task.derived.head[witness]


@pytest.mark.parametrize("case", CASES, ids=[f"{t}:{i}" for t, i in CASES])
def test_the_evasion_does_not_fix_the_issue(case):
    task_id, issue_id = case
    task = task_by_id(task_id)
    index = _issue_index(task, issue_id)
    obs = _episodes(task_id)[issue_id]
    assert index not in obs.score.issues_fixed
    matched = [m for m in obs.score.matched if m.issue_index == index]
    assert len(matched) == 1, obs.score.matched
    assert matched[0].evidence != "corroborated"
    assert matched[0].evidence == "unproven"
    assert obs.score.parts["findings"] <= UNPROVEN + 1e-9  # the floor of a claim without evidence


@pytest.mark.parametrize("task_id", TASKS)
def test_the_reference_review_still_scores_one(task_id):
    task = task_by_id(task_id)
    obs = _episodes(task_id)["oracle"]
    assert obs.reward == pytest.approx(1.0)
    assert obs.score.issues_fixed == list(range(len(task.issues)))
    assert {m.evidence for m in obs.score.matched} == {"corroborated"}
    assert len(obs.score.matched) == len(task.issues)
