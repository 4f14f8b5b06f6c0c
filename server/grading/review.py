"""Grading's one entry point: everything submit runs, from an episode to its breakdown.

The patch's hidden checks and the witness tests run in the sandbox, then the matching and the
rubric (rubric.py) compose the score. The caller (the environment's step) owns the error
handling: a sandbox failure here keeps the episode open.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ...models import RecordedFinding, ScoreBreakdown
from ..sandbox import Sandbox, shared_sandbox
from ..tasks.model import Task
from .evidence import judge_witnesses
from .matching import match
from .patch import verify_patch
from .rubric import GradingContext, ReviewRubric, claimed_weight, grade

if TYPE_CHECKING:
    from ..episode import Episode


def grade_episode(episode: Episode, rubric: ReviewRubric, decision: str | None
                  ) -> ScoreBreakdown:
    """The final grade of `episode`'s review with `decision` (runs the sandbox: may raise)."""
    ws = episode.workspace
    return grade_review(rubric, episode.task, episode.findings, ws.root, ws.changed, decision,
                        episode.hints_used, shared_sandbox())


def grade_review(rubric: ReviewRubric, task: Task, findings: list[RecordedFinding],
                 workspace_root: Path, changed: bool, decision: str | None, hints_used: int,
                 sandbox: Sandbox) -> ScoreBreakdown:
    """The patch's hidden checks, the witness tests, the matching, then the rubric."""
    outcome = verify_patch(task, workspace_root, changed, sandbox)
    verdicts = judge_witnesses(task, findings, sandbox)
    proven = frozenset(fid for fid, verdict in verdicts.items() if verdict.proven)
    static = {check.id for check in task.static_checks}
    f2p = set(task.derived.fail_to_pass) - static if task.derived else set()
    fixed = frozenset(
        j for j, issue in enumerate(task.issues)
        if outcome.fixes(tuple(w for w in issue.witnesses if w in f2p))
    )
    ctx = GradingContext(
        task=task, match=match(findings, task, proven, fixed), patch=outcome,
        decision=decision, hints_used=hints_used, claimed_weight=claimed_weight(findings),
        proven=proven, fixed=fixed,
    )
    return grade(rubric, ctx)
