"""Matching submitted findings to reference issues, one to one, and weighing their evidence.

A finding can match an issue when it points at one of the issue's anchors (localisation.py) and
its category is compatible (categories.py). A pair's **located credit** is

    issue weight x severity agreement x category credit x localisation

where localisation is the width factor of the anchor hit (coarse anchors: x COARSE_QUALITY
unless the reviewer's patch fixes the issue). A pair's **evidence** is 1 when the finding's witness test is
proven (evidence.py) or the reviewer's patch fixes the issue (its fail-to-pass witnesses pass,
gate held), else UNPROVEN. The one-to-one assignment maximising located credit x evidence is
found with the Hungarian algorithm (`scipy.optimize.linear_sum_assignment`).

    precision = located credit / (located credit + severity weight claimed by false positives)
    recall    = located credit / total issue weight
    evidence  = sum(located credit x evidence) / located credit
    score     = F1 x precision x evidence

F1 x precision keeps spraying near zero (every false positive costs the severity it claims, with
no cap) while an honest review with one miss keeps most of its value; the evidence factor makes
an unproven diagnosis worth UNPROVEN of a proven one. A finding whose witness is proven but
which points at no reference issue is not a false positive: it demonstrated a real defect. A
second finding on a listed issue is a duplicate, and a false positive, proven or not.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import linear_sum_assignment

from ...models import RecordedFinding
from ...vocabulary import SEVERITY_RANK, SEVERITY_WEIGHT
from ..tasks.model import Task
from .categories import category_credit
from .localisation import Anchor, issue_anchors, locate

# An unproven pair earns this fraction of a proven one. With the decision part justified by the
# findings, a review with no evidence at all (no proven witness, no fixing patch) scores at most
# (0.45 + 0.20) x UNPROVEN < 0.05: the floor, whatever it points at (pinned by a test).
UNPROVEN = 0.075
SEVERITY_AGREEMENT = {0: 1.0, 1: 0.75, 2: 0.5}  # by distance between the severities


@dataclass(frozen=True)
class Pair:
    finding_id: int
    issue_index: int
    credit: float  # located credit
    evidence: str  # proven | corroborated | unproven
    localisation: float
    category: float
    severity: float

    @property
    def evidence_weight(self) -> float:
        return UNPROVEN if self.evidence == "unproven" else 1.0


@dataclass
class MatchResult:
    pairs: list[Pair] = field(default_factory=list)
    false_positive_ids: list[int] = field(default_factory=list)
    proven_unlisted_ids: list[int] = field(default_factory=list)
    credit: float = 0.0
    evidenced: float = 0.0  # sum of located credit x evidence weight
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
    def evidence(self) -> float:
        return self.evidenced / self.credit if self.credit else 0.0

    @property
    def score(self) -> float:
        return self.f1 * self.precision * self.evidence


def severity_agreement(finding_severity: str, issue_severity: str) -> float:
    return SEVERITY_AGREEMENT[abs(SEVERITY_RANK[finding_severity] - SEVERITY_RANK[issue_severity])]


def _pair(finding: RecordedFinding, index: int, task: Task, anchors: list[Anchor],
          proven: bool, fixed: bool) -> Pair | None:
    issue = task.issues[index]
    category = category_credit(issue.category, finding.category.value)
    if category == 0.0:
        return None
    located = locate(finding.file, finding.line, finding.end_line or finding.line, anchors)
    evidence = "proven" if proven else "corroborated" if fixed else "unproven"
    localisation = located.factor(fixed=fixed)
    if localisation == 0.0:
        return None
    severity = severity_agreement(finding.severity.value, issue.severity)
    credit = issue.weight * severity * category * localisation
    return Pair(finding.id, index, credit, evidence, localisation, category, severity)


def match(findings: list[RecordedFinding], task: Task, proven: frozenset[int] = frozenset(),
          fixed: frozenset[int] = frozenset()) -> MatchResult:
    """Match `findings` to `task.issues`; `proven` holds finding ids whose witness is proven,
    `fixed` the indices of the issues the reviewer's patch fixes."""
    issues = task.issues
    result = MatchResult(total_weight=sum(issue.weight for issue in issues))
    matched: set[int] = set()
    candidates: dict[tuple[int, int], Pair] = {}
    if findings and issues:
        anchors = [issue_anchors(issue, task.head, task.added_lines) for issue in issues]
        gain = np.zeros((len(findings), len(issues)))
        for i, finding in enumerate(findings):
            for j in range(len(issues)):
                pair = _pair(finding, j, task, anchors[j], finding.id in proven, j in fixed)
                if pair is not None:
                    candidates[i, j] = pair
                    gain[i, j] = pair.credit * pair.evidence_weight
        rows, cols = linear_sum_assignment(gain, maximize=True)
        for i, j in zip(rows, cols, strict=True):
            pair = candidates.get((int(i), int(j)))
            if pair is not None and gain[i, j] > 0:
                result.pairs.append(pair)
                result.credit += pair.credit
                result.evidenced += pair.credit * pair.evidence_weight
                matched.add(int(i))
    for i, finding in enumerate(findings):
        if i in matched:
            continue
        duplicate = any(key[0] == i for key in candidates)  # points at a listed issue
        if finding.id in proven and not duplicate:
            result.proven_unlisted_ids.append(finding.id)
        else:
            result.false_positive_ids.append(finding.id)
            result.claimed_fp += SEVERITY_WEIGHT[finding.severity.value]
    return result
