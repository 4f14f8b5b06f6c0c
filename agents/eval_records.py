"""One record per evaluated episode, as the report aggregates it and the JSON report lists it,
built from the episode's final observation and score breakdown (or its error)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..models import PythonObservation, ScoreBreakdown
from ..rollout import EpisodeResult
from ..server.tasks.model import SEVERITY_WEIGHT
from .eval_tasks import TaskInfo


@dataclass
class EpisodeRecord:
    """One episode, as the report aggregates it (and as the JSON report lists it)."""

    task_id: str
    difficulty: str
    clean: bool | None
    bug_classes: list[str]
    score: float
    steps: int
    split: str = ""
    reward_version: str | None = None
    parts: dict[str, float] | None = None
    precision: float | None = None  # buggy PRs with findings: credit / (credit + FP weight)
    recall: float | None = None  # buggy PRs: credit / issue weight
    findings: int | None = None  # findings in the submitted review
    matched: int | None = None  # of them, matched to a reference issue
    false_positives: int | None = None  # of them, matched to nothing (all of them on clean PRs)
    issues: int | None = None  # reference issues of the task
    credit: float | None = None  # weight credited to the matched findings
    false_positive_weight: float | None = None  # severity weight the false positives claim
    issue_weight: float | None = None  # total severity weight of the reference issues
    issue_weight_estimated: bool = False  # unknown to the client: issues x a major's weight
    patch: float | None = None
    decision: str | None = None
    decision_correct: bool | None = None
    seconds: float = 0.0
    error: str | None = None
    agent_stats: dict[str, int] | None = None


def _issue_weight(task: TaskInfo, clean: bool, credit: float, graded_recall: float | None,
                  issues: int) -> tuple[float, bool]:
    """The issues' total weight and whether it is estimated: the local bank's, else the
    breakdown's credit / recall, else `issues` x a major issue's weight."""
    if clean:
        return 0.0, False
    if task.issue_weight is not None:
        return task.issue_weight, False
    if credit > 0 and graded_recall:
        return credit / graded_recall, False
    return issues * SEVERITY_WEIGHT["major"], True


def _patch_part(parts: dict[str, float], score: Any, clean: bool) -> float | None:
    """The breakdown's patch part; an older breakdown without it: 1 when every hidden check
    passed."""
    if clean:
        return None
    patch = parts.get("patch")
    result = getattr(score, "patch", None)
    if patch is None and result is not None:
        patch = float(result.evaluated and result.fail_to_pass_passed == result.fail_to_pass_total
                      and result.pass_to_pass_passed == result.pass_to_pass_total)
    return patch


def _is_clean(task: TaskInfo, score: Any) -> bool:
    kind = getattr(score, "kind", None)
    return kind == "clean" if kind in ("clean", "buggy") else bool(task.clean)


def _precision(clean: bool, credit: float, claimed: float) -> float | None:
    return None if clean or not claimed else round(credit / claimed, 6)


def _recall(clean: bool, credit: float, weight: float) -> float | None:
    return None if clean or not weight else round(credit / weight, 6)


def record_from_score(task: TaskInfo, observation: PythonObservation, score: ScoreBreakdown,
                      reward: float | None, seconds: float = 0.0,
                      agent_stats: dict[str, int] | None = None) -> EpisodeRecord:
    """The record of a finished episode, from its final observation and score breakdown.

    Read defensively (the breakdown grows fields between reward versions): what the breakdown
    lacks comes from what the client sees, i.e. the severities of the false positives from the
    review's findings, and the issues' total weight from the local task bank (else from the
    breakdown's recall, else estimated).
    """
    clean = _is_clean(task, score)
    parts = dict(getattr(score, "parts", None) or {})
    matched = list(getattr(score, "matched", None) or [])
    fp_ids = list(getattr(score, "false_positive_ids", None) or [])
    severity = {f.id: f.severity.value for f in observation.findings}
    credit = float(sum(getattr(m, "credit", 0.0) for m in matched))
    fp_weight = float(sum(SEVERITY_WEIGHT.get(severity.get(i, "major"), 2.0) for i in fp_ids))
    issues = getattr(score, "issues_total", None)
    if issues is None:
        issues = 0 if clean else len(matched)
    weight, estimated = _issue_weight(task, clean, credit, getattr(score, "recall", None), issues)
    total = reward if reward is not None else getattr(score, "total", 0.0)
    return EpisodeRecord(
        task_id=task.id,
        difficulty=observation.difficulty or task.difficulty,
        clean=clean,
        bug_classes=task.bug_classes,
        score=round(float(total), 6),
        steps=observation.step_budget - observation.steps_remaining,
        split=task.split,
        reward_version=getattr(score, "reward_version", None),
        parts=parts,
        precision=_precision(clean, credit, credit + fp_weight),
        recall=_recall(clean, credit, weight),
        findings=len(observation.findings),
        matched=len(matched),
        false_positives=len(fp_ids),
        issues=issues,
        credit=round(credit, 6),
        false_positive_weight=fp_weight,
        issue_weight=weight,
        issue_weight_estimated=estimated,
        patch=_patch_part(parts, score, clean),
        decision=getattr(score, "decision", None),
        decision_correct=getattr(score, "decision_correct", None),
        seconds=seconds,
        agent_stats=agent_stats,
    )


def record_from_result(task: TaskInfo, result: EpisodeResult) -> EpisodeRecord:
    """The report's record of a rollout episode."""
    agent = getattr(result.policy, "agent", None)
    stats = dict(agent.stats) if hasattr(agent, "stats") else None
    if result.error is not None or result.observation is None or result.breakdown is None:
        return EpisodeRecord(
            task.id, task.difficulty, task.clean, task.bug_classes, 0.0, result.steps,
            split=task.split, seconds=result.seconds,
            error=result.error or "the episode ended without a score", agent_stats=stats)
    final = [s for s in result.trajectory.steps if not s.refused]
    return record_from_score(task, result.observation, result.breakdown,
                             final[-1].reward if final else None, seconds=result.seconds,
                             agent_stats=stats)

