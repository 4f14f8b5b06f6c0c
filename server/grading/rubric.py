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
from dataclasses import dataclass
from pathlib import Path

from openenv.core.rubrics import Rubric, WeightedSum

from ...models import MatchedIssue, RecordedFinding, ScoreBreakdown
from ..sandbox import Sandbox
from ..tasks.model import SEVERITY_WEIGHT, Task
from .evidence import judge_witnesses
from .matching import MatchResult, match
from .patch import PatchOutcome, verify_patch

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


class ReviewRubric(Rubric):
    """Top-level rubric: picks the composition for the task's kind, then charges hints."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: dict[str, dict[str, Rubric]] = {
            "buggy": {"findings": FindingsRubric(), "patch": PatchRubric(),
                      "decision": DecisionRubric(justified=True)},
            "clean": {"silence": SilenceRubric(), "decision": DecisionRubric(justified=False),
                      "no_regression": NoRegressionRubric()},
        }
        # Children and weights both come from the name-keyed tables: their order cannot differ.
        self.buggy = WeightedSum(list(self.parts["buggy"].values()),
                                 [WEIGHTS["buggy"][name] for name in self.parts["buggy"]])
        self.clean = WeightedSum(list(self.parts["clean"].values()),
                                 [WEIGHTS["clean"][name] for name in self.parts["clean"]])

    def forward(self, action, observation: GradingContext) -> float:
        part = self.clean if observation.task.clean else self.buggy
        total = part(action, observation) - HINT_COST * observation.hints_used
        return min(REWARD_RANGE[1], max(REWARD_RANGE[0], float(total)))


def grade(rubric: ReviewRubric, ctx: GradingContext) -> ScoreBreakdown:
    total = rubric(None, ctx)
    if not math.isfinite(total):  # defensive: a reward is always a finite float
        total = 0.0
    kind = "clean" if ctx.task.clean else "buggy"
    parts = {name: float(child.last_score or 0.0) for name, child in rubric.parts[kind].items()}
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
        evidence=ctx.match.evidence if not ctx.task.clean else 0.0,
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


def grade_review(rubric: ReviewRubric, task: Task, findings: list[RecordedFinding],
                 workspace_root: Path, changed: bool, decision: str | None, hints_used: int,
                 sandbox: Sandbox) -> ScoreBreakdown:
    """Everything submit runs: the patch's hidden checks, the witness tests, the matching."""
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
