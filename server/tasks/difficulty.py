"""Difficulty, measured: does a static analyser flag each reference issue on the head?

An issue is flagged when bandit, or a defect rule of ruff, reports a diagnostic whose lines
overlap one of the issue's statement anchors (the lines the grader accepts as pointing exactly at
it: grading/localisation.py). Easy tasks should be mostly flagged; hard ones should not.
"""

from __future__ import annotations

import shutil
from collections import defaultdict
from dataclasses import dataclass

from ..analysis import analyse
from ..grading.localisation import issue_anchors
from ..files import materialize
from .model import DIFFICULTIES, Task

# Rules that point at defects; style and refactoring advice (PLR2004 magic numbers, SIM, RUF,
# E7) near an issue is noise, not a detection.
DEFECT_RULE_PREFIXES = ("S", "B", "BLE", "DTZ", "ASYNC", "PERF", "PLW", "PLE", "F")


@dataclass
class IssueFlag:
    task_id: str
    difficulty: str
    issue_id: str
    bug_class: str
    rules: list[str]

    @property
    def flagged(self) -> bool:
        return bool(self.rules)


def measure(task: Task) -> list[IssueFlag]:
    root = materialize(task.head)
    try:
        diagnostics = analyse(root, sorted({file for issue in task.issues
                                            for file, _, _ in issue.spans}))
    finally:
        shutil.rmtree(root, ignore_errors=True)
    flags = []
    for issue in task.issues:
        statements = [a for a in issue_anchors(issue, task.head, task.added_lines)
                      if not a.coarse]
        rules = sorted({f"{d.tool}:{d.rule}" for d in diagnostics
                        if any(a.overlaps(d.file, d.line, d.end_line) for a in statements)
                        and (d.tool == "bandit" or d.rule.startswith(DEFECT_RULE_PREFIXES))})
        flags.append(IssueFlag(task.id, task.difficulty, issue.id, issue.bug_class, rules))
    return flags


def summary(flags: list[IssueFlag]) -> dict[str, dict[str, float]]:
    by: dict[str, list[bool]] = defaultdict(list)
    for flag in flags:
        by[flag.difficulty].append(flag.flagged)
    return {
        d: {"issues": len(by[d]), "flagged": sum(by[d]),
            "rate": round(sum(by[d]) / len(by[d]), 3) if by[d] else 0.0}
        for d in DIFFICULTIES
    }
