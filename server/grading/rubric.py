"""The final score, composed from OpenEnv rubrics so each part is introspectable.

buggy PR:  0.55 findings + 0.30 patch + 0.15 decision x findings
clean PR:  0.40 silence  + 0.40 decision + 0.20 no regression
then minus HINT_COST per hint, clamped to [0, 1].

The decision on a buggy PR counts only as far as the findings justify it: "request changes"
with nothing (or noise) to show for it earns nothing. Every part is in [0, 1].
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from openenv.core.rubrics import Rubric, WeightedSum

from ...models import MatchedIssue, ScoreBreakdown
from ..tasks.model import SEVERITY_WEIGHT, Task
from .matching import MatchResult
from .patch import PatchOutcome

REWARD_VERSION = "1.0"
REWARD_RANGE = (0.0, 1.0)
HINT_COST = 0.05
WEIGHTS: dict[str, dict[str, float]] = {
    "buggy": {"findings": 0.55, "patch": 0.30, "decision": 0.15},
    "clean": {"silence": 0.40, "decision": 0.40, "no_regression": 0.20},
}


@dataclass
class GradingContext:
    """Everything the rubrics read: passed as the rubric's `observation` argument."""

    task: Task
    match: MatchResult
    patch: PatchOutcome
    decision: str | None
    hints_used: int
    claimed_weight: float  # total severity weight claimed by all findings

    @property
    def expected_decision(self) -> str:
        return "approve" if self.task.clean else "request_changes"


class FindingsRubric(Rubric):
    """Precision-aware F-measure of the one-to-one matching (see matching.py)."""

    def forward(self, action, observation: GradingContext) -> float:
        return observation.match.score


class PatchRubric(Rubric):
    """Fraction of fail-to-pass checks fixed, gated on all pass-to-pass checks."""

    def forward(self, action, observation: GradingContext) -> float:
        return observation.patch.score


class DecisionRubric(Rubric):
    """1 for the right decision; on buggy PRs scaled by the findings score."""

    def __init__(self, gated_by_findings: bool):
        super().__init__()
        self.gated_by_findings = gated_by_findings

    def forward(self, action, observation: GradingContext) -> float:
        right = float(observation.decision == observation.expected_decision)
        return right * observation.match.score if self.gated_by_findings else right


class SilenceRubric(Rubric):
    """Clean PRs: 1 with no findings; each finding divides by (1 + claimed severity weight)."""

    def forward(self, action, observation: GradingContext) -> float:
        return 1.0 / (1.0 + observation.claimed_weight)


class NoRegressionRubric(Rubric):
    """Clean PRs: a patch, if any, must keep every hidden check passing."""

    def forward(self, action, observation: GradingContext) -> float:
        return float(observation.patch.no_regression)


class ReviewRubric(Rubric):
    """Top-level rubric: picks the composition for the task's kind, then charges hints."""

    def __init__(self) -> None:
        super().__init__()
        b, c = WEIGHTS["buggy"], WEIGHTS["clean"]
        self.buggy = WeightedSum(
            [FindingsRubric(), PatchRubric(), DecisionRubric(gated_by_findings=True)],
            [b["findings"], b["patch"], b["decision"]],
        )
        self.clean = WeightedSum(
            [SilenceRubric(), DecisionRubric(gated_by_findings=False), NoRegressionRubric()],
            [c["silence"], c["decision"], c["no_regression"]],
        )

    def forward(self, action, observation: GradingContext) -> float:
        part = self.clean if observation.task.clean else self.buggy
        total = part(action, observation) - HINT_COST * observation.hints_used
        return min(REWARD_RANGE[1], max(REWARD_RANGE[0], float(total)))


def grade(rubric: ReviewRubric, ctx: GradingContext) -> ScoreBreakdown:
    total = rubric(None, ctx)
    if not math.isfinite(total):  # defensive: a reward is always a finite float
        total = 0.0
    kind = "clean" if ctx.task.clean else "buggy"
    composed = rubric.clean if ctx.task.clean else rubric.buggy
    names = list(WEIGHTS[kind])
    parts = {name: float(child.last_score or 0.0) for name, child in
             zip(names, composed.children(), strict=True)}
    issues = ctx.task.issues
    return ScoreBreakdown(
        reward_version=REWARD_VERSION,
        total=total,
        kind=kind,
        parts=parts,
        weights=dict(WEIGHTS[kind]),
        hint_penalty=HINT_COST * ctx.hints_used,
        precision=ctx.match.precision if not ctx.task.clean else float(ctx.claimed_weight == 0),
        recall=ctx.match.recall if not ctx.task.clean else 1.0,
        matched=[
            MatchedIssue(finding_id=fid, issue_index=j, category=issues[j].category,
                         severity=issues[j].severity, credit=c)
            for fid, j, c in ctx.match.pairs
        ],
        false_positive_ids=ctx.match.false_positive_ids,
        issues_total=len(issues),
        patch=ctx.patch.result,
        decision=ctx.decision,
        decision_correct=ctx.decision == ctx.expected_decision,
    )


def claimed_weight(findings) -> float:
    return sum(SEVERITY_WEIGHT[f.severity.value] for f in findings)
