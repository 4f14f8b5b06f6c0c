"""Split-level policies shared by the generated and real-code tests: the oracle, a few scripted
action lists, reverting the PR and flagging every added line (the shortcuts that must stay at the
floor on a split whose diff is a whole PR)."""

from __future__ import annotations

import difflib

from python_env.agents.oracle import OracleAgent
from python_env.models import PythonAction, RecordedFinding, ScoreBreakdown
from python_env.server.grading.matching import match
from python_env.server.grading.patch import verify_patch
from python_env.server.grading.rubric import GradingContext, ReviewRubric, claimed_weight, grade
from python_env.server.python_env_environment import PythonEnvironment
from python_env.server.sandbox import shared_sandbox
from python_env.server.tasks.model import Task
from python_env.server.tasks.pullrequest import pr_lines


def play_actions(task: Task, actions: list[PythonAction]) -> ScoreBreakdown:
    """The final breakdown of an episode that plays `actions` (ending with submit)."""
    env = PythonEnvironment()
    try:
        obs = env.reset(task_id=task.id)
        for action in actions:
            obs = env.step(action)
            if obs.done:
                break
        assert obs.done and obs.score is not None
        return obs.score
    finally:
        env.close()


def oracle_score(task: Task) -> ScoreBreakdown:
    env = PythonEnvironment()
    try:
        oracle = OracleAgent()
        obs = env.reset(task_id=task.id)
        oracle.begin(obs)
        while not obs.done:
            obs = env.step(oracle.act(obs))
        assert obs.score is not None
        return obs.score
    finally:
        env.close()


def revert_score(task: Task) -> ScoreBreakdown:
    """A "patch" that takes the PR back out: every changed file gets its base content (a file
    the PR adds is emptied), then request changes."""
    actions = [PythonAction(action_type="propose_patch", path=p, content=task.base.get(p, ""))
               for p in task.changed_files]
    return play_actions(task, [*actions, PythonAction(action_type="submit",
                                                      decision="request_changes")])


def flag_every_added_line(task: Task) -> float:
    """One major bug finding per + line of the diff, graded by the rubric (the episode's step
    budget would stop a real agent earlier: this is the policy's upper bound)."""
    findings = [
        RecordedFinding(id=i, file=path, line=line, category="bug", severity="major",
                        title="possible defect")
        for i, (path, line) in enumerate(
            (p, n) for p, text in sorted(task.head_changes.items())
            for n in sorted(pr_lines(task.base.get(p), text)))
    ]
    unchanged = verify_patch(task, root=None, changed=False, sandbox=shared_sandbox())
    ctx = GradingContext(task=task, match=match(findings, task), patch=unchanged,
                         decision="request_changes", hints_used=0,
                         claimed_weight=claimed_weight(findings))
    return grade(ReviewRubric(), ctx).total


def changed_head_lines(before: str, after: str) -> list[int]:
    """1-based lines of `after` that differ from `before`; for a deletion, the lines around it."""
    lines = []
    matcher = difflib.SequenceMatcher(a=before.splitlines(), b=after.splitlines(), autojunk=False)
    for tag, _, _, j1, j2 in matcher.get_opcodes():
        if tag in ("replace", "insert"):
            lines += range(j1 + 1, j2 + 1)
        elif tag == "delete":
            lines += [max(1, j1), j1 + 1]
    return lines
