"""Matching submitted findings to reference issues, one to one.

A finding can match an issue when its file and line span overlap one of the issue's spans (its
main span or an `also` span, each widened by LINE_TOLERANCE) and its category is in the issue
category's family. Among those
pairs, the assignment maximising the credited weight is found with the Hungarian algorithm
(`scipy.optimize.linear_sum_assignment`). Credit = issue weight x severity agreement.

Precision = credit / (credit + weight claimed by every unmatched finding): every false positive
costs the severity it claims, without a cap. Recall = credit / total issue weight. The findings
score is F1 x precision: an F-measure made precision-aware, so that spraying findings (one of
which lands) stays near zero while an honest review with one miss keeps most of its value.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import linear_sum_assignment

from ...models import RecordedFinding
from ..tasks.model import SEVERITY_WEIGHT, ReferenceIssue

LINE_TOLERANCE = 2
# Categories a reviewer may reasonably use for an issue of a given category.
CATEGORY_FAMILIES: dict[str, frozenset[str]] = {
    "bug": frozenset({"bug", "api_contract", "error_handling"}),
    "security": frozenset({"security", "bug"}),
    "performance": frozenset({"performance", "bug"}),
    "concurrency": frozenset({"concurrency", "bug"}),
    "resource": frozenset({"resource", "bug", "performance"}),
    "error_handling": frozenset({"error_handling", "bug"}),
    "api_contract": frozenset({"api_contract", "bug"}),
    "maintainability": frozenset({"maintainability"}),
}
SEVERITY_RANK = {"minor": 0, "major": 1, "critical": 2}
SEVERITY_AGREEMENT = {0: 1.0, 1: 0.75, 2: 0.5}  # by distance between the severities


@dataclass
class MatchResult:
    pairs: list[tuple[int, int, float]] = field(default_factory=list)  # finding id, issue, credit
    false_positive_ids: list[int] = field(default_factory=list)
    credit: float = 0.0
    claimed_fp: float = 0.0
    total_weight: float = 0.0

    @property
    def precision(self) -> float:
        denominator = self.credit + self.claimed_fp
        return self.credit / denominator if denominator else 0.0

    @property
    def recall(self) -> float:
        return self.credit / self.total_weight if self.total_weight else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def score(self) -> float:
        return self.f1 * self.precision


def can_match(finding: RecordedFinding, issue: ReferenceIssue) -> bool:
    if finding.category.value not in CATEGORY_FAMILIES[issue.category]:
        return False
    end = finding.end_line or finding.line
    return any(
        finding.file == file
        and end >= start - LINE_TOLERANCE
        and finding.line <= stop + LINE_TOLERANCE
        for file, start, stop in issue.spans
    )


def credit(finding: RecordedFinding, issue: ReferenceIssue) -> float:
    distance = abs(SEVERITY_RANK[finding.severity.value] - SEVERITY_RANK[issue.severity])
    return issue.weight * SEVERITY_AGREEMENT[distance]


def match(findings: list[RecordedFinding], issues: tuple[ReferenceIssue, ...]) -> MatchResult:
    result = MatchResult(total_weight=sum(issue.weight for issue in issues))
    matched: set[int] = set()
    if findings and issues:
        gain = np.zeros((len(findings), len(issues)))
        for i, finding in enumerate(findings):
            for j, issue in enumerate(issues):
                if can_match(finding, issue):
                    gain[i, j] = credit(finding, issue)
        rows, cols = linear_sum_assignment(gain, maximize=True)
        for i, j in zip(rows, cols, strict=True):
            if gain[i, j] > 0:
                result.pairs.append((findings[i].id, int(j), float(gain[i, j])))
                result.credit += float(gain[i, j])
                matched.add(i)
    for i, finding in enumerate(findings):
        if i not in matched:
            result.false_positive_ids.append(finding.id)
            result.claimed_fp += SEVERITY_WEIGHT[finding.severity.value]
    return result
