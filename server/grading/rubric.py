"""The final score, composed from OpenEnv rubrics so each part is introspectable.

This docstring and WEIGHTS are the one statement of the composition (REWARD_VERSION 2.0):

buggy PR:  0.45 findings + 0.35 patch + 0.20 decision x max(findings, patch)
clean PR:  0.40 silence  + 0.40 decision + 0.20 no regression
then minus HINT_COST per hint, clamped to [0, 1].

findings is matching.py's score (F1 x precision x evidence); patch is the fraction of
fail-to-pass checks fixed, gated on pass-to-pass. The decision on a buggy PR counts only as far
as the review justifies it: "request changes" with nothing to show for it earns nothing, while
a verified fix justifies it as well as a proven finding. Every part is in [0, 1].
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from openenv.core.rubrics import Rubric

from ...models import MatchedIssue, ScoreBreakdown
from ...vocabulary import SEVERITY_WEIGHT
from ..tasks.model import Task
from .matching import MatchResult
from .patch import PatchOutcome

REWARD_VERSION = "2.0"
REWARD_RANGE = (0.0, 1.0)
HINT_COST = 0.05
WEIGHTS: dict[str, dict[str, float]] = {
    "buggy": {"findings": 0.45, "patch": 0.35, "decision": 0.20},
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
    proven: frozenset[int] = frozenset()  # finding ids whose witness test is proven
    fixed: frozenset[int] = frozenset()  # indices of the issues the patch fixes

    @property
    def expected_decision(self) -> str:
        return "approve" if self.task.clean else "request_changes"


class FindingsRubric(Rubric):
    """Precision-aware F-measure of the one-to-one matching, times its evidence (matching.py)."""

    def forward(self, action, observation: GradingContext) -> float:
        return observation.match.score


class PatchRubric(Rubric):
    """Fraction of fail-to-pass checks fixed, gated on all pass-to-pass checks."""

    def forward(self, action, observation: GradingContext) -> float:
        return observation.patch.score


class DecisionRubric(Rubric):
    """1 for the right decision; on buggy PRs scaled by what justifies it (findings or fix)."""

    def __init__(self, justified: bool):
        super().__init__()
        self.justified = justified

    def forward(self, action, observation: GradingContext) -> float:
        right = float(observation.decision == observation.expected_decision)
        if not self.justified:
            return right
        return right * max(observation.match.score, observation.patch.score)


class SilenceRubric(Rubric):
    """Clean PRs: 1 with no findings; each finding divides by (1 + claimed severity weight)."""

    def forward(self, action, observation: GradingContext) -> float:
        return 1.0 / (1.0 + observation.claimed_weight)


class NoRegressionRubric(Rubric):
    """Clean PRs: a patch, if any, must keep every hidden check passing."""

    def forward(self, action, observation: GradingContext) -> float:
        return float(observation.patch.no_regression)


class NamedSum(Rubric):
    """A weighted sum whose children are attributes named like their weights.

    Each weight is looked up by its child's name, so the order the parts are given in cannot
    mis-wire them, and `scores` hands back each part by name (no reading `last_score`).
    """

    def __init__(self, weights: Mapping[str, float], **parts: Rubric) -> None:
        super().__init__()
        if set(parts) != set(weights):
            raise ValueError(f"parts {sorted(parts)} and weights {sorted(weights)} differ")
        if not math.isclose(sum(weights.values()), 1.0):
            raise ValueError(f"weights sum to {sum(weights.values())}, not 1")
        self.weights = dict(weights)
        for name, part in parts.items():
            setattr(self, name, part)  # registers the child under its name (named_rubrics)

    def part(self, name: str) -> Rubric:
        return self.get_rubric(name)

    def scores(self, action, observation) -> dict[str, float]:
        """Each part's score, by name (each child called through its hooks)."""
        return {name: float(self.part(name)(action, observation)) for name in self.weights}

    def combine(self, scores: Mapping[str, float]) -> float:
        return sum(weight * scores[name] for name, weight in self.weights.items())

    def forward(self, action, observation) -> float:
        return self.combine(self.scores(action, observation))


@dataclass(frozen=True)
class RubricScore:
    """The rubric's verdict: the total and the composition's parts, by name."""

    kind: str
    total: float
    parts: dict[str, float]
    weights: dict[str, float]


class ReviewRubric(Rubric):
    """Top-level rubric: picks the composition for the task's kind, then charges hints."""

    def __init__(self) -> None:
        super().__init__()
        self.buggy = NamedSum(WEIGHTS["buggy"], findings=FindingsRubric(), patch=PatchRubric(),
                              decision=DecisionRubric(justified=True))
        self.clean = NamedSum(WEIGHTS["clean"], silence=SilenceRubric(),
                              decision=DecisionRubric(justified=False),
                              no_regression=NoRegressionRubric())

    def score(self, observation: GradingContext) -> RubricScore:
        kind = "clean" if observation.task.clean else "buggy"
        composition: NamedSum = getattr(self, kind)
        parts = composition.scores(None, observation)
        total = composition.combine(parts) - HINT_COST * observation.hints_used
        total = min(REWARD_RANGE[1], max(REWARD_RANGE[0], float(total)))
        if not math.isfinite(total):  # defensive: a reward is always a finite float
            total = 0.0
        return RubricScore(kind=kind, total=total, parts=parts,
                           weights=dict(composition.weights))

    def forward(self, action, observation: GradingContext) -> float:
        return self.score(observation).total


def grade(rubric: ReviewRubric, ctx: GradingContext) -> ScoreBreakdown:
    """The typed breakdown of one review, built from the rubric's named parts."""
    scored = rubric.score(ctx)
    issues = ctx.task.issues
    clean = ctx.task.clean
    return ScoreBreakdown(
        reward_version=REWARD_VERSION,
        total=scored.total,
        kind=scored.kind,
        parts=scored.parts,
        weights=scored.weights,
        hint_penalty=HINT_COST * ctx.hints_used,
        precision=ctx.match.precision if not clean else float(ctx.claimed_weight == 0),
        recall=ctx.match.recall if not clean else 1.0,
        evidence=ctx.match.evidence if not clean else 0.0,
        matched=[
            MatchedIssue(finding_id=p.finding_id, issue_index=p.issue_index,
                         category=issues[p.issue_index].category,
                         severity=issues[p.issue_index].severity, credit=p.credit,
                         evidence=p.evidence, localisation=p.localisation,
                         category_credit=p.category, severity_agreement=p.severity)
            for p in ctx.match.pairs
        ],
        false_positive_ids=ctx.match.false_positive_ids,
        proven_unlisted_ids=ctx.match.proven_unlisted_ids,
        proven_ids=sorted(ctx.proven),
        issues_fixed=sorted(ctx.fixed),
        issues_total=len(issues),
        patch=ctx.patch.result,
        decision=ctx.decision,
        decision_correct=ctx.decision == ctx.expected_decision,
    )


def claimed_weight(findings) -> float:
    return sum(SEVERITY_WEIGHT[f.severity.value] for f in findings)
