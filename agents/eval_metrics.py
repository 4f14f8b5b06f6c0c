"""The numbers of an evaluation report: metrics for any group of episode records, and the report
that groups them (summary, buggy / clean, by difficulty, by bug class). The metrics' definitions
are the `python-env eval` docstring's (agents/evaluate.py), which `--help` prints."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict
from statistics import mean
from typing import Any

from .eval_records import EpisodeRecord

DIFFICULTY_ORDER = ("easy", "medium", "hard")
CLEAN_CLASS = "(clean)"


def _mean(values: list[float]) -> float | None:
    return round(mean(values), 4) if values else None


def _ratio(numerator: float, denominator: float) -> float | None:
    return numerator / denominator if denominator else None


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def _mean_of(records: list[EpisodeRecord], value: Callable[[EpisodeRecord], float]
             ) -> float | None:
    return _mean([value(r) for r in records])


def _total(records: list[EpisodeRecord], name: str, zero: float = 0) -> Any:
    """The sum of a field, a missing value counting `zero` (an int zero keeps counts ints)."""
    return sum(getattr(r, name) or zero for r in records)


def _findings(r: EpisodeRecord) -> float:
    return float(r.findings or 0)


def _patched(r: EpisodeRecord) -> float:
    return float((r.patch or 0.0) >= 1.0)


def _flagged(r: EpisodeRecord) -> float:
    return float((r.findings or 0) > 0)


def _decided(r: EpisodeRecord) -> float:
    return float(bool(r.decision_correct))


def f1_score(precision: float | None, recall: float | None) -> float | None:
    """Harmonic mean; 0 when nothing was found (recall 0, precision 0 or undefined)."""
    if recall is None:
        return None
    if not precision or not recall:
        return 0.0
    return 2 * precision * recall / (precision + recall)


def _buggy_totals(buggy_done: list[EpisodeRecord]) -> dict[str, Any]:
    return {
        "findings": _total(buggy_done, "findings"),
        "matched": _total(buggy_done, "matched"),
        "false_positives": _total(buggy_done, "false_positives"),
        "issues": _total(buggy_done, "issues"),
        "credit": round(_total(buggy_done, "credit", 0.0), 4),
        "false_positive_weight": round(_total(buggy_done, "false_positive_weight", 0.0), 4),
        "issue_weight": round(_total(buggy_done, "issue_weight", 0.0), 4),
        "issue_weights_estimated": sum(r.issue_weight_estimated for r in buggy_done),
    }


def group_metrics(records: list[EpisodeRecord]) -> dict[str, Any]:
    """The report's numbers for a group of episodes (see agents/evaluate.py's docstring)."""
    buggy = [r for r in records if r.clean is False]
    clean = [r for r in records if r.clean is True]
    done = [r for r in records if r.error is None]
    buggy_done = [r for r in buggy if r.error is None]
    clean_done = [r for r in clean if r.error is None]
    totals = _buggy_totals(buggy_done)
    credit = _total(buggy_done, "credit", 0.0)
    precision = _ratio(credit, credit + _total(buggy_done, "false_positive_weight", 0.0))
    recall = _ratio(credit, _total(buggy_done, "issue_weight", 0.0))
    return {
        "episodes": len(records),
        "buggy_episodes": len(buggy),
        "clean_episodes": len(clean),
        "errors": len(records) - len(done),
        "mean_score": _mean([r.score for r in records]),
        "buggy_mean_score": _mean([r.score for r in buggy]),
        "clean_mean_score": _mean([r.score for r in clean]),
        "precision": _round(precision),
        "recall": _round(recall),
        "f1": _round(f1_score(precision, recall)),
        "findings_per_buggy_pr": _mean_of(buggy_done, _findings),
        "patch_pass_rate": _mean_of(buggy_done, _patched),
        "clean_false_positive_rate": _mean_of(clean_done, _flagged),
        "findings_per_clean_pr": _mean_of(clean_done, _findings),
        "decision_accuracy": _mean_of(done, _decided),
        "buggy_decision_accuracy": _mean_of(buggy_done, _decided),
        "clean_decision_accuracy": _mean_of(clean_done, _decided),
        "buggy_totals": totals,
    }


def _sorted_difficulties(names) -> list[str]:
    order = {d: i for i, d in enumerate(DIFFICULTY_ORDER)}
    return sorted(names, key=lambda d: (order.get(d, 99), d))


def _groups(records: list[EpisodeRecord]
            ) -> tuple[dict[str, list[EpisodeRecord]], dict[str, list[EpisodeRecord]]]:
    """The buggy episodes by difficulty, and every episode by bug class (clean PRs: one class)."""
    by_difficulty: dict[str, list[EpisodeRecord]] = {}
    by_class: dict[str, list[EpisodeRecord]] = {}
    for r in records:
        if r.clean is False:
            by_difficulty.setdefault(r.difficulty, []).append(r)
        classes = [CLEAN_CLASS] if r.clean else (r.bug_classes or ["(unknown)"])
        for c in classes:
            by_class.setdefault(c, []).append(r)
    return by_difficulty, by_class


def build_report(agent: str, split: str, records: list[EpisodeRecord], skipped: list[str],
                 extra: dict[str, Any] | None = None) -> dict[str, Any]:
    # A server without the local bank only says at reset that a task is not validated.
    unvalidated = [r for r in records if r.error and "is not validated" in r.error]
    skipped = [*skipped, *(r.task_id for r in unvalidated)]
    records = [r for r in records if r not in unvalidated]
    # The grader's version as the episodes report it (a remote server may run another one).
    versions = sorted({r.reward_version for r in records if r.reward_version})
    by_difficulty, by_class = _groups(records)
    summary = group_metrics(records)
    buggy_by_difficulty = {d: group_metrics(by_difficulty[d])
                           for d in _sorted_difficulties(by_difficulty)}
    return {
        "agent": agent,
        "split": split,
        "reward_version": ", ".join(versions) or None,
        **(extra or {}),
        "averaging": "micro",  # precision and recall: pooled over the buggy episodes
        "mean_score": summary["mean_score"] if records else 0.0,
        "buggy_mean_score": summary["buggy_mean_score"],
        "clean_mean_score": summary["clean_mean_score"],
        "buggy_by_difficulty": {d: m["mean_score"] for d, m in buggy_by_difficulty.items()},
        "metrics": {
            "all": summary,
            "buggy": group_metrics([r for r in records if r.clean is False]),
            "clean": group_metrics([r for r in records if r.clean is True]),
            "buggy_by_difficulty": buggy_by_difficulty,
            "by_bug_class": {c: group_metrics(by_class[c]) for c in sorted(by_class)},
        },
        "errors": summary["errors"],
        "skipped": skipped,
        "episodes": [asdict(r) for r in records],
    }
