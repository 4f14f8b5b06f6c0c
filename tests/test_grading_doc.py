"""The grading page's worked example is played through the environment, row by row: the numbers
in docs/grading.md are what the grader computes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from python_env.models import Finding, PythonAction
from python_env.server.python_env_environment import PythonEnvironment
from python_env.server.tasks.loader import get_bank

from .conftest import EXAMPLE_TASK

DOC = Path(__file__).resolve().parents[1] / "docs" / "grading.md"
PATH = "shop/pagination.py"
WITNESS = re.search(r"```python\n(.*?)```", DOC.read_text(), re.S).group(1)


def _finding(line, end=None, category="bug", severity="major", witness=None) -> PythonAction:
    return PythonAction(action_type="add_finding", finding=Finding(
        file=PATH, line=line, end_line=end, category=category, severity=severity,
        title="has_next is true on the last page", witness_test=witness))


def _fix() -> PythonAction:
    return PythonAction(action_type="propose_patch", path=PATH,
                        content=get_bank().get(EXAMPLE_TASK).fix_changes[PATH])


REVIEWS = {
    "the reference finding (18-19) + the fix": lambda: [_finding(18, 19), _fix()],
    "finding on 17-19 (decorator to return) + the fix": lambda: [_finding(17, 19), _fix()],
    "finding at 19 as `performance` + the fix":
        lambda: [_finding(19, category="performance"), _fix()],
    "finding at 19 as `minor` + the fix": lambda: [_finding(19, severity="minor"), _fix()],
    "finding at 19 + a minor false positive at 27 + the fix":
        lambda: [_finding(19), _finding(27, severity="minor"), _fix()],
    "finding at 19 with the witness above, no patch": lambda: [_finding(19, witness=WITNESS)],
    "finding on 1-30 (the whole file) + the fix": lambda: [_finding(1, 30), _fix()],
    "the fix only": lambda: [_fix()],
    "finding at 19, no witness, no patch": lambda: [_finding(19)],
    "nothing": lambda: [],
}


def _table() -> dict[str, list[float]]:
    text = DOC.read_text()
    start = text.index("| review (then request changes)")
    rows = {}
    for line in text[start:].splitlines()[2:]:
        if not line.startswith("|"):
            break
        cells = [c.strip().strip("*") for c in line.strip("|").split("|")]
        rows[cells[0]] = [float(c) for c in cells[1:]]
    return rows


def test_the_page_lists_every_review():
    assert set(_table()) == set(REVIEWS)


@pytest.mark.parametrize("label", list(REVIEWS))
def test_each_row_is_what_the_grader_computes(label):
    findings, patch, decision, total = _table()[label]
    env = PythonEnvironment()
    try:
        env.reset(task_id=EXAMPLE_TASK)
        for action in REVIEWS[label]():
            assert env.step(action).last_action_error is None
        obs = env.step(PythonAction(action_type="submit", decision="request_changes"))
    finally:
        env.close()
    parts = obs.score.parts
    assert (parts["findings"], parts["patch"], parts["decision"], obs.reward) == pytest.approx(
        (findings, patch, decision, total), abs=5e-4)
