"""Replay: play a trajectory's actions again against a server and check the same score comes out.

The grader is deterministic, so the same actions on the same task must give the same rewards at
every step and the same final breakdown. A replay resets with the task id the trajectory
recorded (a seed or an index only chose the task), sends every action the server ran (refused
ones changed nothing and are left out), and compares:

- the final score and the whole score breakdown: a difference is a mismatch;
- each step's reward and done flag: a difference is a mismatch (it names the first such step);
- the observations apart from the tool output (findings, steps left, errors): a difference is a
  mismatch. Tool outputs are compared too (the wall times `run_tests` reports left out), but a
  difference is only reported: a visible test's failure message may legitimately vary (an
  object's address, say). With every action type on the 41 train tasks, none differed.

`python-env replay FILE.jsonl [--url URL ...]` prints a table and exits 1 on any mismatch or
replay error. Trajectories of episodes that failed when recorded have no score to reproduce and
are reported as skipped.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import sys
from collections.abc import Sequence
from contextlib import nullcontext
from dataclasses import asdict, dataclass
from typing import Any

from ..models import PythonAction, PythonObservation
from .runner import EpisodeRequest, EpisodeResult, PerEpisode, run_episodes
from .trajectory import STATIC_FIELDS, Trajectory, TrajectoryStep, read_jsonl

DURATION = re.compile(r"\(\d+ ms\)")


class ReplayExhausted(RuntimeError):
    """The server asked for more actions than the trajectory holds."""


class RecordedActions:
    """A policy that plays back a list of actions, in order."""

    def __init__(self, actions: list[PythonAction]):
        self._actions = list(actions)

    def __call__(self, observation: PythonObservation) -> PythonAction:
        if not self._actions:
            raise ReplayExhausted("the recorded actions ran out before the episode ended")
        return self._actions.pop(0)


@dataclass
class ReplayResult:
    task_id: str
    recorded: float | None
    replayed: float | None
    status: str  # ok, mismatch, error, skipped
    detail: str = ""
    tool_output_differences: int = 0

    @property
    def failed(self) -> bool:
        return self.status in ("mismatch", "error")


def _comparable(observation: dict[str, Any] | None) -> dict[str, Any]:
    skip = {"tool_output"} | STATIC_FIELDS
    return {k: v for k, v in (observation or {}).items() if k not in skip}


def _tool_output(observation: dict[str, Any] | None) -> str:
    # run_tests reports its wall time ("3 passed, 0 failed, 0 errors (302 ms)"): not a difference
    return DURATION.sub("(- ms)", (observation or {}).get("tool_output") or "")


def _differing_keys(old: dict[str, Any] | None, new: dict[str, Any] | None) -> list[str]:
    old, new = old or {}, new or {}
    return sorted(k for k in set(old) | set(new) if old.get(k) != new.get(k))


def _first_step_difference(before: list[TrajectoryStep], after: list[TrajectoryStep]
                           ) -> str | None:
    """The first step whose reward, done or observation (tool output aside) differs."""
    for number, (old, new) in enumerate(zip(before, after, strict=False), 1):
        action = old.action.get("action_type")
        if (old.reward, old.done) != (new.reward, new.done):
            return (f"step {number} ({action}): reward/done {old.reward}/{old.done} -> "
                    f"{new.reward}/{new.done}")
        seen, seen_again = _comparable(old.observation), _comparable(new.observation)
        if seen != seen_again:
            keys = _differing_keys(seen, seen_again)
            return f"step {number} ({action}): observation differs in {', '.join(keys)}"
    return None


def compare(recorded: Trajectory, replayed: EpisodeResult) -> ReplayResult:
    """How the replay of `recorded` compares with it."""
    result = ReplayResult(recorded.task_id, recorded.score, None, "ok")
    if replayed.error is not None:
        result.status, result.detail = "error", replayed.error
        return result
    result.replayed = replayed.score
    again = replayed.trajectory
    before = [s for s in recorded.steps if not s.refused]
    differences: list[str] = []
    if recorded.score != again.score:
        differences.append(f"score {recorded.score} -> {again.score}")
    if again.reward_version != recorded.reward_version:
        differences.append(f"reward version {recorded.reward_version} -> {again.reward_version}")
    if len(again.steps) != len(before):
        differences.append(f"{len(before)} steps recorded, {len(again.steps)} replayed")
    step = _first_step_difference(before, again.steps)
    if step:
        differences.append(step)
    result.tool_output_differences = sum(
        _tool_output(old.observation) != _tool_output(new.observation)
        for old, new in zip(before, again.steps, strict=False))
    if recorded.breakdown != again.breakdown:
        keys = _differing_keys(recorded.breakdown, again.breakdown)
        differences.append(f"breakdown differs in {', '.join(keys)}")
    if differences:
        result.status, result.detail = "mismatch", "; ".join(differences)
    return result


async def replay(trajectories: Sequence[Trajectory], urls: str | Sequence[str],
                 concurrency: int = 4, timeout_s: float | None = 600.0) -> list[ReplayResult]:
    """Replay every trajectory; results in the same order."""
    playable = [t for t in trajectories if t.error is None and t.score is not None]
    actions = {id(t): t.actions for t in playable}
    requests = [EpisodeRequest(task_id=t.task_id) for t in playable]
    by_request = dict(zip(map(id, requests), playable, strict=True))
    replayed = await run_episodes(
        urls, PerEpisode(lambda request: RecordedActions(actions[id(by_request[id(request)])])),
        requests, concurrency, timeout_s, max_attempts=2,
        tool_output_limit=max((t.tool_output_limit for t in playable), default=0))
    compared = {id(t): compare(t, r) for t, r in zip(playable, replayed, strict=True)}
    return [compared.get(id(t)) or ReplayResult(t.task_id, None, None, "skipped",
                                                f"not replayed: recorded with error {t.error}")
            for t in trajectories]


def print_table(results: list[ReplayResult]) -> None:
    from rich.console import Console
    from rich.table import Table

    def fmt(value: float | None) -> str:
        return "-" if value is None else f"{value:.4f}"

    table = Table(title=f"replay of {len(results)} trajectories")
    for column in ("task", "recorded", "replayed", "status", "detail"):
        table.add_column(column, overflow="fold")
    for r in results:
        style = "red" if r.failed else ("yellow" if r.status == "skipped" else "green")
        table.add_row(r.task_id, fmt(r.recorded), fmt(r.replayed), f"[{style}]{r.status}[/]",
                      r.detail)
    console = Console(width=None if sys.stdout.isatty() else 160)
    console.print(table)
    failed = sum(r.failed for r in results)
    tool = sum(r.tool_output_differences for r in results)
    console.print(f"{sum(r.status == 'ok' for r in results)} reproduced, {failed} failed, "
                  f"{sum(r.status == 'skipped' for r in results)} skipped; "
                  f"{tool} tool output(s) differed (reported only)", highlight=False)


def run_replay(args: argparse.Namespace) -> int:
    try:
        trajectories = list(read_jsonl(args.path))
    except (OSError, ValueError) as exc:
        print(f"python-env replay: {exc}", file=sys.stderr)
        return 2
    if args.url:
        server = nullcontext(args.url)
    else:
        from ..server.local import local_server

        server = local_server()
    with server as urls:
        results = asyncio.run(replay(trajectories, urls, args.concurrency))
    print_table(results)
    if args.json:
        with open(args.json, "w", encoding="utf-8") as out:
            json.dump([asdict(r) for r in results], out, indent=1)
    return 1 if any(r.failed for r in results) else 0
