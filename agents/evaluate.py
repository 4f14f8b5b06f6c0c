"""`python-env eval`: play a baseline over a split through the real client, and report.

Episodes go through `PythonEnv` over the WebSocket (python_env.rollout), against a server
started in this process (uvicorn in a thread on a free port), against `--url` (one or several
servers: each episode goes to the one with the fewest in flight), or against servers started as
Ray actors (`--ray`). They run `--concurrency` at a time (asyncio; the agents' `act` runs in
worker threads, so a blocking model call does not stall the other episodes); a dropped
connection re-runs the episode from reset (3 attempts), `--episode-timeout` bounds each one. A
rich progress bar shows the run; then three tables: a summary (buggy PRs, clean PRs, all), the
buggy PRs by difficulty (clean PRs in a row apart) and every PR by bug class; `--json PATH`
writes the same numbers and one record per episode; `--trajectories PATH` every episode as one
JSON line, which `python-env replay PATH` plays again to check that it scores the same.

Task metadata (difficulty, clean, bug classes, issue weight) comes from the local task bank; with
`--url`, the server's Task API lists the split (public fields only) and the local bank, when it
holds the task, adds the rest. Tasks without expected.json (not validated) are skipped.

Buggy and clean PRs are reported apart: a clean PR scores 1.0 for an agent that approves it
without a finding, so a mean over both flatters an agent that stays silent. The metrics, for any
group of episodes (the JSON keys of `group_metrics`):

- mean score (`mean_score`, `buggy_mean_score`, `clean_mean_score`): an episode that failed to
  run (connection lost, server error) counts as 0, and makes the command exit 1. Every other
  metric leaves failed episodes out.
- findings precision, recall and F1, on buggy PRs only, micro-averaged: the grader's
  severity-weighted quantities summed over the group's buggy episodes before dividing, so that
  every unit of weight counts the same wherever it falls. precision = sum(credit) /
  (sum(credit) + sum(false-positive weight)); recall = sum(credit) / sum(issue weight); F1 their
  harmonic mean (0 when nothing was found). Credit is the breakdown's `matched[].credit` (issue
  weight x severity agreement); a false positive weighs the severity its finding claims (the
  breakdown's `false_positive_ids`, looked up in the review's findings); the issue weight is the
  sum of the task's issues' weights (from the local bank; else the breakdown's credit / recall;
  else `issues_total` x a major issue's weight, counted in `issue_weights_estimated`).
  Micro rather than a mean of per-episode ratios: an episode's precision is undefined with no
  finding, and a one-finding episode swings it between 0 and 1. With no finding at all in the
  group, precision is null ("-"). The per-episode `precision` and `recall` use the same
  definitions (with one episode, micro and per-episode agree).
- `findings_per_buggy_pr`, `findings_per_clean_pr`: findings submitted per PR; on a clean PR
  every finding is a false positive. `clean_false_positive_rate`: share of clean episodes with
  at least one finding ("flagged" in the tables).
- `patch_pass_rate`: share of buggy episodes whose final workspace passes every hidden check
  (patch part = 1).
- `decision_accuracy` (all), `buggy_decision_accuracy`, `clean_decision_accuracy`.
- `buggy_totals`: the sums behind precision and recall, and the counts of findings, matched
  findings, false positives and issues, so that a report can be re-aggregated.

The report's `reward_version` is the one the episodes' breakdowns carry (a server at `--url`
may run another grader than this checkout).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import sys
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from statistics import mean
from typing import Any

from .. import rollout
from ..models import PythonAction, PythonObservation, ScoreBreakdown
from ..rollout import AgentPolicy, EpisodeRequest, EpisodeResult, PerEpisode
from ..rollout.runner import MAX_REFUSED as MAX_REFUSED  # re-exported
from ..rollout.runner import StepEvent as RolloutStep
from ..rollout.trajectory import TOOL_OUTPUT_LIMIT, Trajectory, write_jsonl
from ..server.tasks.model import SEVERITY_WEIGHT
from .base import Agent
from .eval_args import AGENT_NAMES, add_eval_parser

__all__ = ["AGENT_NAMES", "add_eval_parser"]  # the parser lives in eval_args (light imports)
GENERATED_SPLIT = "generated"
DIFFICULTY_ORDER = ("easy", "medium", "hard")
CLEAN_CLASS = "(clean)"


# --------------------------------------------------------------------------- tasks
@dataclass
class TaskInfo:
    id: str
    split: str
    difficulty: str
    clean: bool | None = None  # None: unknown until the episode's score says
    bug_classes: list[str] = field(default_factory=list)
    issue_weight: float | None = None  # total severity weight of the reference issues


def _local_bank():
    from ..server.tasks.loader import get_bank

    return get_bank()


def _is_generated(task_id: str) -> bool:
    return task_id.startswith("gen-") and task_id[4:].isdigit()


def _issue_weight(task) -> float:
    return float(sum(issue.weight for issue in task.issues))


def _info(task) -> TaskInfo:
    return TaskInfo(task.id, task.split, task.difficulty, task.clean, list(task.bug_classes),
                    _issue_weight(task))


def generated_ids(limit: int) -> list[str]:
    """The first `limit` tasks of the unlimited generated split: generator seeds 0 .. limit-1."""
    return [f"gen-{seed}" for seed in range(limit)]


def local_tasks(split: str, ids: list[str] | None = None, limit: int | None = None
                ) -> tuple[list[TaskInfo], list[str]]:
    """Validated tasks of the split (or the given ids; `gen-N` is generated here, and the
    in-process server reuses it from the generator's cache), at most `limit` of them, and the
    ids skipped as not validated."""
    from ..server.tasks.generator import resolve_task
    from ..server.tasks.model import REAL_SPLIT
    from ..server.tasks.real.store import real_tasks

    if ids:
        chosen = [resolve_task(task_id) for task_id in ids]
    elif split == GENERATED_SPLIT:
        chosen = [resolve_task(task_id) for task_id in generated_ids(limit or 0)]
    elif split == REAL_SPLIT:
        chosen = list(real_tasks())
    else:
        chosen = list(_local_bank().split(split))
    chosen = chosen[:limit] if limit else chosen
    skipped = [t.id for t in chosen if t.derived is None]
    return [_info(t) for t in chosen if t.derived is not None], skipped


def remote_tasks(url: str, split: str, ids: list[str] | None = None, limit: int | None = None
                 ) -> tuple[list[TaskInfo], list[str]]:
    """Tasks listed by the server's Task API, completed from the local bank when it has them.

    The Task API does not list the generated split (it has no size): its tasks are gen-N, all
    buggy, medium, their bug classes unknown here (the server generates them).
    """
    import httpx

    generated = [i for i in (ids or []) if _is_generated(i)]
    if split == GENERATED_SPLIT and not ids:
        generated = generated_ids(limit or 0)
    if generated and len(generated) == len(ids or generated):
        generated = generated[:limit] if limit else generated
        return [TaskInfo(i, GENERATED_SPLIT, "medium", clean=False) for i in generated], []
    if generated:
        raise ValueError("give curated task ids or gen-N ids with --url, not both")

    def listing(name: str) -> list[dict[str, Any]]:
        response = httpx.post(f"{url.rstrip('/')}/python_env/tasks", json={"split": name},
                              timeout=30)
        response.raise_for_status()
        return response.json()["tasks"]

    if ids:
        public = {t["id"]: t for name in ("train", "validation", "test") for t in listing(name)}
        unknown = [i for i in ids if i not in public]
        if unknown:
            raise KeyError(f"unknown task_id(s) on the server: {', '.join(unknown)}")
        rows = [public[i] for i in ids][:limit] if limit else [public[i] for i in ids]
    else:
        rows = listing(split)[:limit] if limit else listing(split)
    try:
        bank = _local_bank().by_id
    except Exception:  # no local bank (a remote-only install): public fields only
        bank = {}
    tasks, skipped = [], []
    for row in rows:
        local = bank.get(row["id"])
        if local is not None and local.derived is None:
            skipped.append(row["id"])
            continue
        info = TaskInfo(row["id"], row.get("split", split), row.get("difficulty", "?"))
        if local is not None:
            info.clean, info.bug_classes = local.clean, list(local.bug_classes)
            info.issue_weight = _issue_weight(local)
        tasks.append(info)
    return tasks, skipped


# --------------------------------------------------------------------------- server
@contextmanager
def local_server(timeout_s: float = 30.0) -> Iterator[str]:
    """The environment served by uvicorn in a daemon thread on a free port; yields its URL."""
    import uvicorn

    from ..server.app import WS_MAX_MESSAGE_BYTES, app

    class ThreadedServer(uvicorn.Server):
        def install_signal_handlers(self) -> None:  # not the main thread
            pass

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = ThreadedServer(
        uvicorn.Config(app, log_level="warning", ws_max_size=WS_MAX_MESSAGE_BYTES))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True,
                              name="python-env-server")
    thread.start()
    deadline = time.monotonic() + timeout_s
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the in-process server did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


# --------------------------------------------------------------------------- episodes
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


def record_from_score(task: TaskInfo, observation: PythonObservation, score: ScoreBreakdown,
                      reward: float | None, seconds: float = 0.0,
                      agent_stats: dict[str, int] | None = None) -> EpisodeRecord:
    """The record of a finished episode, from its final observation and score breakdown.

    Read defensively (the breakdown grows fields between reward versions): what the breakdown
    lacks comes from what the client sees, i.e. the severities of the false positives from the
    review's findings, and the issues' total weight from the local task bank (else from the
    breakdown's recall, else estimated).
    """
    kind = getattr(score, "kind", None)
    clean = kind == "clean" if kind in ("clean", "buggy") else bool(task.clean)
    parts = dict(getattr(score, "parts", None) or {})
    matched = list(getattr(score, "matched", None) or [])
    fp_ids = list(getattr(score, "false_positive_ids", None) or [])
    severity = {f.id: f.severity.value for f in observation.findings}
    credit = float(sum(getattr(m, "credit", 0.0) for m in matched))
    fp_weight = float(sum(SEVERITY_WEIGHT.get(severity.get(i, "major"), 2.0) for i in fp_ids))
    issues = getattr(score, "issues_total", None)
    if issues is None:
        issues = 0 if clean else len(matched)
    issue_weight, estimated = task.issue_weight, False
    graded_recall = getattr(score, "recall", None)
    if clean:
        issue_weight = 0.0
    elif issue_weight is None and credit > 0 and graded_recall:
        issue_weight = credit / graded_recall
    elif issue_weight is None:
        issue_weight, estimated = issues * SEVERITY_WEIGHT["major"], True
    claimed = credit + fp_weight
    patch = parts.get("patch")
    result = getattr(score, "patch", None)
    if patch is None and not clean and result is not None:
        patch = float(result.evaluated and result.fail_to_pass_passed == result.fail_to_pass_total
                      and result.pass_to_pass_passed == result.pass_to_pass_total)
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
        precision=None if clean or not claimed else round(credit / claimed, 6),
        recall=None if clean or not issue_weight else round(credit / issue_weight, 6),
        findings=len(observation.findings),
        matched=len(matched),
        false_positives=len(fp_ids),
        issues=issues,
        credit=round(credit, 6),
        false_positive_weight=fp_weight,
        issue_weight=issue_weight,
        issue_weight_estimated=estimated,
        patch=None if clean else patch,
        decision=getattr(score, "decision", None),
        decision_correct=getattr(score, "decision_correct", None),
        seconds=seconds,
        agent_stats=agent_stats,
    )


@dataclass(frozen=True)
class StepEvent:
    """One action of an episode, as `on_step` sees it."""

    task: TaskInfo
    step: int  # steps the environment has counted so far, this one included
    action: PythonAction
    reward: float
    done: bool
    error: str | None  # last_action_error, or why the server refused the action
    refused: bool = False  # the server refused the action before running it: not a step


StepCallback = Callable[[StepEvent], None]
StartCallback = Callable[[TaskInfo], None]
ResultCallback = Callable[[EpisodeResult], None]


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


def _step_callback(tasks: dict[str, TaskInfo], on_step: StepCallback | None):
    if on_step is None:
        return None

    def forward(event: RolloutStep) -> None:
        on_step(StepEvent(tasks[event.request.task_id or ""], event.step, event.action,
                          event.reward, event.done, event.error, event.refused))

    return forward


async def run_episode(
    url: str,
    task: TaskInfo,
    agent: Agent,
    executor: ThreadPoolExecutor | None = None,
    on_step: StepCallback | None = None,
    message_timeout_s: float = 120.0,
    on_start: StartCallback | None = None,
) -> EpisodeRecord:
    """One episode of `agent` on `task` over a fresh WebSocket session (python_env.rollout).

    `on_start(task)` is called before each attempt's reset, `on_step(StepEvent)` after every
    action. An action the server refuses (it failed validation there) is reported to the agent
    through `last_action_error`; after MAX_REFUSED of them the runner submits on the agent's
    behalf. A dropped connection re-runs the episode from reset.
    """
    def fresh(request: EpisodeRequest) -> AgentPolicy:
        if on_start:
            on_start(task)
        return AgentPolicy(agent)

    result = await rollout.run_episode(
        url, EpisodeRequest(task_id=task.id), PerEpisode(fresh), executor=executor,
        on_step=_step_callback({task.id: task}, on_step), message_timeout_s=message_timeout_s)
    return record_from_result(task, result)


async def run_episodes(
    url: str | list[str],
    tasks: list[TaskInfo],
    make_agent: Callable[[], Agent],
    concurrency: int = 4,
    on_step: StepCallback | None = None,
    on_done: Callable[[EpisodeRecord], None] | None = None,
    message_timeout_s: float = 120.0,
    on_start: StartCallback | None = None,
    on_result: ResultCallback | None = None,
    timeout_s: float | None = None,
    tool_output_limit: int = TOOL_OUTPUT_LIMIT,
) -> list[EpisodeRecord]:
    """Every task once, `concurrency` at a time, over one server or spread over several (`url`
    a list); records in the order of `tasks`. `on_result` sees each rollout result (with its
    trajectory) as it ends, `timeout_s` bounds each episode."""
    by_id = {t.id: t for t in tasks}

    def fresh(request: EpisodeRequest) -> AgentPolicy:
        if on_start:
            on_start(by_id[request.task_id or ""])
        return AgentPolicy(make_agent())

    def finished(result: EpisodeResult) -> None:
        if on_result:
            on_result(result)
        if on_done:
            on_done(record_from_result(by_id[result.request.task_id or ""], result))

    results = await rollout.run_episodes(
        url, PerEpisode(fresh), [EpisodeRequest(task_id=t.id) for t in tasks], concurrency,
        timeout_s, message_timeout_s=message_timeout_s, tool_output_limit=tool_output_limit,
        on_step=_step_callback(by_id, on_step), on_result=finished)
    return [record_from_result(by_id[r.request.task_id or ""], r) for r in results]


# --------------------------------------------------------------------------- report
def _mean(values: list[float]) -> float | None:
    return round(mean(values), 4) if values else None


def _ratio(numerator: float, denominator: float) -> float | None:
    return numerator / denominator if denominator else None


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def f1_score(precision: float | None, recall: float | None) -> float | None:
    """Harmonic mean; 0 when nothing was found (recall 0, precision 0 or undefined)."""
    if recall is None:
        return None
    if not precision or not recall:
        return 0.0
    return 2 * precision * recall / (precision + recall)


def group_metrics(records: list[EpisodeRecord]) -> dict[str, Any]:
    """The report's numbers for a group of episodes (see the module docstring)."""
    buggy = [r for r in records if r.clean is False]
    clean = [r for r in records if r.clean is True]
    done = [r for r in records if r.error is None]
    buggy_done = [r for r in buggy if r.error is None]
    clean_done = [r for r in clean if r.error is None]
    credit = sum(r.credit or 0.0 for r in buggy_done)
    fp_weight = sum(r.false_positive_weight or 0.0 for r in buggy_done)
    issue_weight = sum(r.issue_weight or 0.0 for r in buggy_done)
    precision = _ratio(credit, credit + fp_weight)
    recall = _ratio(credit, issue_weight)
    return {
        "episodes": len(records),
        "buggy_episodes": len(buggy),
        "clean_episodes": len(clean),
        "errors": sum(r.error is not None for r in records),
        "mean_score": _mean([r.score for r in records]),
        "buggy_mean_score": _mean([r.score for r in buggy]),
        "clean_mean_score": _mean([r.score for r in clean]),
        "precision": _round(precision),
        "recall": _round(recall),
        "f1": _round(f1_score(precision, recall)),
        "findings_per_buggy_pr": _mean([float(r.findings or 0) for r in buggy_done]),
        "patch_pass_rate": _mean([float((r.patch or 0.0) >= 1.0) for r in buggy_done]),
        "clean_false_positive_rate": _mean([float((r.findings or 0) > 0) for r in clean_done]),
        "findings_per_clean_pr": _mean([float(r.findings or 0) for r in clean_done]),
        "decision_accuracy": _mean([float(bool(r.decision_correct)) for r in done]),
        "buggy_decision_accuracy": _mean([float(bool(r.decision_correct)) for r in buggy_done]),
        "clean_decision_accuracy": _mean([float(bool(r.decision_correct)) for r in clean_done]),
        "buggy_totals": {
            "findings": sum(r.findings or 0 for r in buggy_done),
            "matched": sum(r.matched or 0 for r in buggy_done),
            "false_positives": sum(r.false_positives or 0 for r in buggy_done),
            "issues": sum(r.issues or 0 for r in buggy_done),
            "credit": round(credit, 4),
            "false_positive_weight": round(fp_weight, 4),
            "issue_weight": round(issue_weight, 4),
            "issue_weights_estimated": sum(r.issue_weight_estimated for r in buggy_done),
        },
    }


def _sorted_difficulties(names) -> list[str]:
    order = {d: i for i, d in enumerate(DIFFICULTY_ORDER)}
    return sorted(names, key=lambda d: (order.get(d, 99), d))


def build_report(agent: str, split: str, records: list[EpisodeRecord], skipped: list[str],
                 extra: dict[str, Any] | None = None) -> dict[str, Any]:
    # A server without the local bank only says at reset that a task is not validated.
    unvalidated = [r for r in records if r.error and "is not validated" in r.error]
    skipped = [*skipped, *(r.task_id for r in unvalidated)]
    records = [r for r in records if r not in unvalidated]
    # The grader's version as the episodes report it (a remote server may run another one).
    versions = sorted({r.reward_version for r in records if r.reward_version})
    by_difficulty: dict[str, list[EpisodeRecord]] = {}  # buggy PRs only
    by_class: dict[str, list[EpisodeRecord]] = {}
    for r in records:
        if r.clean is False:
            by_difficulty.setdefault(r.difficulty, []).append(r)
        classes = [CLEAN_CLASS] if r.clean else (r.bug_classes or ["(unknown)"])
        for c in classes:
            by_class.setdefault(c, []).append(r)
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


METRICS_LEGEND = (
    "score: mean score (an episode that failed counts 0); prec., recall, F1: of the findings on "
    "buggy PRs, severity-weighted and pooled over the episodes (micro-averaged); findings/PR: "
    "findings submitted per PR (on a clean PR every one is a false positive); patch: share of "
    "buggy PRs whose patch passes every hidden check; decision: decision accuracy; flagged: "
    "share of clean PRs with at least one finding (the false-positive rate); -: no data (precision "
    "with no finding at all)"
)


def print_report(report: dict[str, Any], console=None) -> None:
    from rich.console import Console
    from rich.table import Table

    console = console or Console()

    def fmt(value: float | None) -> str:
        return "-" if value is None else f"{value:.3f}"

    def summary_table(title: str, m: dict[str, Any]) -> Table:
        t = Table(title=title)
        t.add_column("", no_wrap=True)
        for column in ("buggy PRs", "clean PRs", "all"):
            t.add_column(column, justify="right")
        rows = [
            ("episodes", str(m["buggy_episodes"]), str(m["clean_episodes"]),
             str(m["episodes"])),
            ("mean score", fmt(m["buggy_mean_score"]), fmt(m["clean_mean_score"]),
             fmt(m["mean_score"])),
            ("decision accuracy", fmt(m["buggy_decision_accuracy"]),
             fmt(m["clean_decision_accuracy"]), fmt(m["decision_accuracy"])),
            ("findings per PR", fmt(m["findings_per_buggy_pr"]), fmt(m["findings_per_clean_pr"]),
             ""),
            ("findings precision", fmt(m["precision"]), "", ""),
            ("findings recall", fmt(m["recall"]), "", ""),
            ("findings F1", fmt(m["f1"]), "", ""),
            ("patch pass rate", fmt(m["patch_pass_rate"]), "", ""),
            ("flagged (false-positive rate)", "", fmt(m["clean_false_positive_rate"]), ""),
        ]
        for row in rows:
            t.add_row(*row)
        return t

    def group_table(title: str, first: str, groups: dict[str, dict[str, Any]],
                    sections: set[str] = frozenset()) -> Table:
        t = Table(title=title)
        t.add_column(first, no_wrap=True)
        for column in ("n", "score", "prec.", "recall", "F1", "findings/PR", "patch",
                       "decision", "flagged"):
            t.add_column(column, justify="right")
        for name, m in groups.items():
            if m["buggy_episodes"] or not m["clean_episodes"]:  # a group of buggy PRs
                t.add_row(name, str(m["episodes"]), fmt(m["mean_score"]), fmt(m["precision"]),
                          fmt(m["recall"]), fmt(m["f1"]), fmt(m["findings_per_buggy_pr"]),
                          fmt(m["patch_pass_rate"]), fmt(m["decision_accuracy"]), "",
                          end_section=name in sections)
            else:  # clean PRs
                t.add_row(name, str(m["episodes"]), fmt(m["mean_score"]), "", "", "",
                          fmt(m["findings_per_clean_pr"]), "", fmt(m["decision_accuracy"]),
                          fmt(m["clean_false_positive_rate"]), end_section=name in sections)
        return t

    metrics = report["metrics"]
    head = f"{report['agent']} on {report['split']}"
    everything = metrics["all"]
    console.print(summary_table(f"{head}: summary", everything))
    rows = dict(metrics["buggy_by_difficulty"])
    rows["all buggy"] = metrics["buggy"]
    if metrics["clean"]["episodes"]:
        rows["clean"] = metrics["clean"]
    console.print(group_table(f"{head}: by difficulty (buggy PRs; clean PRs apart)",
                              "difficulty", rows, {"all buggy"}))
    console.print(group_table(f"{head}: by bug class", "bug class", metrics["by_bug_class"]))
    console.print(f"reward version {report['reward_version']}; {everything['episodes']} "
                  f"episode(s), {report['errors']} error(s)\n{METRICS_LEGEND}", highlight=False)
    if report["skipped"]:
        console.print(f"skipped (not validated): {', '.join(report['skipped'])}")
    for episode in report["episodes"]:
        if episode["error"]:
            console.print(f"[red]error[/red] {episode['task_id']}: {episode['error']}")


# --------------------------------------------------------------------------- agents
def agent_factory(name: str, args: argparse.Namespace | None = None) -> Callable[[], Agent]:
    """A constructor of fresh agents (one per episode) for an agent name."""
    if name == "null":
        from .null import NullAgent

        return NullAgent
    if name == "oracle":
        from .oracle import OracleAgent

        bank = _local_bank()
        return lambda: OracleAgent(bank)
    if name == "static":
        from .static import StaticAgent

        return StaticAgent
    if name == "llm":
        from .llm import LLMAgent

        model = getattr(args, "model", None) or os.environ.get("MODEL_NAME")
        base_url = getattr(args, "api_base", None) or os.environ.get("API_BASE_URL")
        api_key = os.environ.get("HF_TOKEN") or os.environ.get("OPENAI_API_KEY")
        if not model:
            raise ValueError("the llm agent needs --model (or MODEL_NAME)")
        options = {"max_actions": getattr(args, "max_actions", None) or 24,
                   "request_timeout_s": getattr(args, "request_timeout", None) or 60.0}
        return lambda: LLMAgent(model, base_url, api_key, **options)
    raise ValueError(f"unknown agent {name!r}; agents are {', '.join(AGENT_NAMES)}")


# --------------------------------------------------------------------------- command
def run_eval(args: argparse.Namespace) -> int:
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
    )

    console = Console(width=None if sys.stdout.isatty() else 120)
    try:
        make_agent = agent_factory(args.agent, args)
    except ValueError as exc:
        print(f"python-env eval: {exc}", file=sys.stderr)
        return 2

    limit = getattr(args, "limit", None)
    if args.split == GENERATED_SPLIT and not args.tasks and not limit:
        print("python-env eval: the generated split has no end: give --limit N (tasks gen-0 .. "
              "gen-(N-1))", file=sys.stderr)
        return 2
    trajectories: list[Trajectory] = []

    def keep(result: EpisodeResult) -> None:
        trajectories.append(result.trajectory)

    def play(urls: list[str]) -> tuple[list[EpisodeRecord], list[str]]:
        if args.url:
            tasks, skipped = remote_tasks(urls[0], args.split, args.tasks, limit)
        else:
            if args.split == GENERATED_SPLIT and not args.tasks:
                console.print(f"generating {limit} task(s) (sandbox runs; seconds each)",
                              highlight=False)
            tasks, skipped = local_tasks(args.split, args.tasks, limit)
        progress = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                            TimeElapsedColumn(), console=console,
                            disable=args.no_progress)
        with progress:
            bar = progress.add_task(f"{args.agent} on {args.split}", total=len(tasks))

            def done(record: EpisodeRecord) -> None:
                progress.update(bar, advance=1,
                                description=f"{args.agent} {record.task_id} {record.score:.2f}")

            records = asyncio.run(run_episodes(
                urls, tasks, make_agent, args.concurrency, on_done=done, on_result=keep,
                timeout_s=args.episode_timeout, tool_output_limit=args.tool_output_limit))
        return records, skipped

    started = time.monotonic()
    try:
        if args.url:
            records, skipped = play(args.url)
        elif args.ray:
            try:
                from ..rollout.ray_pool import ray_servers
            except ImportError:
                print("python-env eval: --ray needs ray (uv sync --group ray)", file=sys.stderr)
                return 2
            with ray_servers(args.ray_servers, address=args.ray_address) as urls:
                console.print(f"servers on Ray: {', '.join(urls)}", highlight=False)
                records, skipped = play(urls)
        else:
            with local_server() as url:
                records, skipped = play([url])
    except (KeyError, ValueError) as exc:
        print(f"python-env eval: {exc.args[0] if exc.args else exc}", file=sys.stderr)
        return 2
    extra = {"model": args.model or os.environ.get("MODEL_NAME")} if args.agent == "llm" else {}
    extra["seconds"] = round(time.monotonic() - started, 2)
    report = build_report(args.agent, args.split, records, skipped, extra)
    print_report(report, console)
    if args.json:
        path = Path(args.json)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
        console.print(f"report written to {path}")
    if args.trajectories:
        # In the order of the tasks, whatever order the episodes ended in.
        order = {r.task_id: i for i, r in enumerate(records)}
        trajectories.sort(key=lambda t: order.get(t.task_id, len(order)))
        count = write_jsonl(trajectories, args.trajectories)
        console.print(f"{count} trajectories written to {args.trajectories}")
    return 1 if report["errors"] else 0
