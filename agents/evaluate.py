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
import sys
import time
from pathlib import Path

from ..rollout import EpisodeResult
from ..rollout.trajectory import Trajectory, write_jsonl
from ..server.local import local_server
from .eval_episodes import run_episodes
from .eval_metrics import build_report
from .eval_print import print_report
from .eval_records import EpisodeRecord
from .eval_tasks import GENERATED_SPLIT, local_tasks, remote_tasks
from .factory import agent_factory

# The docstring above is `python-env eval --help` (eval_args reads it). The command's parts:
# eval_tasks (which tasks, local or from a server), eval_episodes (playing them through the
# rollout API), eval_records (one record per episode), eval_metrics (the report's numbers),
# eval_print (its tables), factory (agents by name), server.local (the in-process server).


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
