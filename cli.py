"""`python-env`: the command line of python_env (tasks, evaluation).

Start-up stays light: each command imports what it needs (the task bank, the sandbox, the
client) when it runs, so `--version`, `--help` and `tasks list` do not load OpenEnv's server.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

DIST_NAME = "openenv-python_env"


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(DIST_NAME)
    except PackageNotFoundError:  # running from a tree that is not installed
        return "unknown"


def _console():
    """A rich console as wide as the terminal (rich reads it; 80 columns when piped)."""
    from rich.console import Console

    return Console()


def _bank(args: argparse.Namespace):
    from .server.tasks.loader import load_bank

    return load_bank(Path(args.tasks_dir) if args.tasks_dir else None)


# Splits whose answers `tasks list` may show: a held-out task's `clean` flag and bug classes
# tell an agent (or whoever tunes it) what to answer.
OPEN_SPLITS = ("train",)


def task_row(task, reveal: bool) -> dict[str, Any]:
    """One row of `tasks list`: the answer columns are None outside OPEN_SPLITS, unless revealed."""
    shown = reveal or task.split in OPEN_SPLITS
    return {"id": task.id, "split": task.split, "difficulty": task.difficulty,
            "clean": task.clean if shown else None, "files": task.changed_files,
            "classes": task.bug_classes if shown else None}


def _tasks_list(args: argparse.Namespace) -> int:
    bank = _bank(args)
    tasks = [t for t in sorted(bank.by_id.values(), key=lambda t: (t.split, t.id))
             if not args.split or t.split == args.split]
    rows = [task_row(t, args.reveal) for t in tasks]
    if args.json:
        print(json.dumps(rows, indent=1))
        return 0
    from rich.table import Table

    console = _console()
    hidden = any(row["clean"] is None for row in rows)
    caption = ("clean and classes: train split only (--reveal shows them for every split)"
               if hidden else None)
    table = Table(title=f"{len(rows)} tasks", caption=caption)
    # Whole ids when the terminal leaves room for them (they are what `tasks show` takes).
    longest = max((len(row["id"]) for row in rows), default=2)
    table.add_column("id", overflow="fold", min_width=min(longest, console.width // 3))
    table.add_column("split", no_wrap=True)
    table.add_column("difficulty", no_wrap=True)
    table.add_column("clean", no_wrap=True)
    table.add_column("files", overflow="fold", ratio=3)
    table.add_column("classes", overflow="fold", ratio=2)
    for row in rows:
        if row["clean"] is None:
            clean = classes = "-"
        else:
            clean, classes = ("yes" if row["clean"] else ""), ", ".join(row["classes"])
        table.add_row(row["id"], row["split"], row["difficulty"], clean,
                      ", ".join(row["files"]), classes)
    console.print(table)
    return 0


def diff_summary(task) -> list[dict[str, Any]]:
    """Per changed file: added and removed lines, and whether the PR creates it."""
    import difflib

    rows = []
    for path in task.changed_files:
        before = (task.base.get(path) or "").splitlines()
        after = task.head_changes[path].splitlines()
        added = removed = 0
        for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, before, after).get_opcodes():
            if tag in ("replace", "delete"):
                removed += i2 - i1
            if tag in ("replace", "insert"):
                added += j2 - j1
        rows.append({"path": path, "added": added, "removed": removed,
                     "new": path not in task.base})
    return rows


def task_view(task) -> dict[str, Any]:
    """What `tasks show` prints: the pull request as the reviewer gets it at reset.

    Never the answer (issues, reference fix, probes, whether the PR is clean, bug classes),
    whatever the split: a train task shown here looks the same as a test task.
    """
    return {
        "id": task.id,
        "split": task.split,
        "difficulty": task.difficulty,
        "title": task.title,
        "description": task.description.strip(),
        "changed_files": diff_summary(task),
        "files": sorted(task.head),
        "visible_tests": sorted(task.visible_tests),
        "step_budget": task.max_steps,
    }


def _tasks_show(args: argparse.Namespace) -> int:
    if args.task_id.startswith("gen-"):
        from .server.tasks.generator import resolve_task

        try:
            task = resolve_task(args.task_id)
        except Exception as exc:
            print(f"python-env tasks show: {exc}", file=sys.stderr)
            return 2
    else:
        bank = _bank(args)
        if args.task_id not in bank.by_id:
            print(f"python-env tasks show: unknown task {args.task_id!r} "
                  "(`python-env tasks list` lists them)", file=sys.stderr)
            return 2
        task = bank.get(args.task_id)
    view = task_view(task)
    if args.diff:
        view["diff"] = task.diff
    if args.json:
        print(json.dumps(view, indent=1))
        return 0
    print(f"{view['id']}  ({view['split']} split, {view['difficulty']}, "
          f"{view['step_budget']} steps)")
    print(f"\n{view['title']}\n")
    if view["description"]:
        print(view["description"] + "\n")
    print("changed files:")
    for row in view["changed_files"]:
        print(f"  {row['path']}  +{row['added']} -{row['removed']}"
              f"{'  (new file)' if row['new'] else ''}")
    print(f"workspace: {len(view['files'])} files, visible tests: "
          f"{', '.join(view['visible_tests']) or 'none'}")
    if args.diff:
        print("\n" + view["diff"], end="")
    else:
        print("(--diff prints the diff; `uv run server` and the client play the task)")
    return 0


def _tasks_validate(args: argparse.Namespace) -> int:
    from .server.sandbox import shared_sandbox
    from .server.tasks.loader import default_tasks_dir, load_bank, load_task
    from .server.tasks.validate import validate

    root = Path(args.tasks_dir) if args.tasks_dir else default_tasks_dir()
    if args.all:
        tasks = list(load_bank(root).by_id.values())
    elif args.ids:
        tasks = [load_task(root / task_id) for task_id in args.ids]
    else:
        print("give task ids or --all", file=sys.stderr)
        return 2
    tasks.sort(key=lambda t: t.id)
    sandbox = shared_sandbox()
    print(f"validating {len(tasks)} task(s): every witness and check runs in the sandbox "
          "(seconds per task)", flush=True)
    failed = 0
    started = time.monotonic()
    width = len(str(len(tasks)))
    for n, task in enumerate(tasks, 1):
        began = time.monotonic()
        (report,) = validate([task], root, sandbox, args.write)
        where = f"[{n:>{width}}/{len(tasks)}] {time.monotonic() - began:5.1f} s"
        if report.ok:
            d = report.derived or {}
            print(f"ok    {report.task_id}  f2p={len(d.get('fail_to_pass', []))} "
                  f"p2p={len(d.get('pass_to_pass', []))}  {where}", flush=True)
        else:
            failed += 1
            for error in report.errors:
                print(f"FAIL  {report.task_id}: {error}  {where}", flush=True)
    print(f"{len(tasks) - failed} passed, {failed} failed "
          f"in {time.monotonic() - started:.1f} s")
    return 1 if failed else 0


def _tasks_difficulty(args: argparse.Namespace) -> int:
    from .server.tasks.difficulty import measure, summary
    from .server.tasks.model import REAL_SPLIT

    if args.split == REAL_SPLIT:
        from .server.tasks.real.store import RealSplitMissing, real_tasks

        try:
            tasks = real_tasks()
        except RealSplitMissing as exc:
            print(f"python-env: {exc.args[0]}", file=sys.stderr)
            return 2
    else:
        bank = _bank(args)
        tasks = [t for t in bank.by_id.values() if not args.split or t.split == args.split]
    flags = [f for t in sorted(tasks, key=lambda t: t.id) for f in measure(t)]
    if args.json:
        rows = [{"task": f.task_id, "difficulty": f.difficulty, "issue": f.issue_id,
                 "class": f.bug_class, "flagged": f.flagged, "rules": f.rules} for f in flags]
        print(json.dumps({"issues": rows, "summary": summary(flags)}, indent=1))
        return 0
    from rich.table import Table

    table = Table(title="reference issues flagged by ruff or bandit")
    table.add_column("difficulty", no_wrap=True)
    table.add_column("task", overflow="fold", ratio=3)
    table.add_column("issue", overflow="fold", ratio=3)
    table.add_column("flagged by (rules)", overflow="fold", ratio=2)
    for f in flags:
        table.add_row(f.difficulty, f.task_id, f.issue_id, ", ".join(f.rules) or "-")
    totals = Table(title="by difficulty")
    for column in ("difficulty", "issues", "flagged", "rate"):
        totals.add_column(column, justify="left" if column == "difficulty" else "right")
    for difficulty, s in summary(flags).items():
        totals.add_row(difficulty, str(s["issues"]), str(s["flagged"]), f"{s['rate']:.0%}")
    console = _console()
    console.print(table)
    console.print(totals)
    return 0


def _tasks_build_real(args: argparse.Namespace) -> int:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from .server.tasks.real.build import build
    from .server.tasks.real.sources import SourceError, default_cache

    cache = Path(args.cache) if args.cache else default_cache()
    packages = [p for p in (args.packages or "").split(",") if p] or None
    progress = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                        TimeElapsedColumn(), disable=args.no_progress)
    with progress:
        bar = progress.add_task("real tasks: downloading", total=None)

        def report(pr: str, done: int, total: int) -> None:
            progress.update(bar, completed=done, total=total,
                            description=f"real tasks: {pr.split(':')[0] or 'building'}")
            if args.no_progress and pr:
                print(f"[{done}/{total}] {pr}", flush=True)

        try:
            only = [p for p in (args.prs or "").split(",") if p] or None
            summary = build(cache, packages, jobs=args.jobs, mutants=args.mutants,
                            on_progress=report, only=only)
        except (SourceError, OSError, ValueError) as exc:
            progress.stop()
            print(f"python-env tasks build-real: {exc}", file=sys.stderr)
            return 1
    print(f"{summary.tasks} validated tasks ({summary.clean} clean) from {summary.built} of "
          f"{summary.prs} pull requests in {summary.seconds:.0f} s "
          f"({summary.cached} PRs cached, {summary.rejected} candidates rejected); "
          f"cache: {cache}")
    stages = ", ".join(f"{name} {seconds:.0f} s" for name, seconds in summary.stages.items())
    print(f"  stages (summed over PRs): {stages}; {summary.runs} sandbox jobs")
    for pr, why in sorted(summary.skipped.items()):
        print(f"  no task from {pr}: {why}")
    return 0 if summary.tasks else 1


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python-env", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"python-env {_version()}")
    sub = parser.add_subparsers(dest="command", required=True)

    tasks = sub.add_parser("tasks", help="inspect and validate the task bank")
    tasks.add_argument("--tasks-dir", help="task bank folder (default: the bundled one)")
    tasks_sub = tasks.add_subparsers(dest="tasks_command", required=True)
    listing = tasks_sub.add_parser("list", help="list tasks")
    listing.add_argument("--json", action="store_true", help="print a JSON array")
    listing.add_argument("--split", help="only this split")
    listing.add_argument("--reveal", action="store_true",
                         help="also show clean and bug classes of held-out (test, validation) "
                         "tasks; without it only train tasks show them")
    listing.set_defaults(func=_tasks_list)
    show = tasks_sub.add_parser(
        "show", help="one task as the reviewer gets it (never its answer)",
        description="The pull request of one task: title, description, changed files with "
        "line counts, workspace files, difficulty, split. Never its reference issues, fix or "
        "checks, on any split. gen-N is the generated task of seed N.")
    show.add_argument("task_id", help="a task id (see `tasks list`), or gen-N")
    show.add_argument("--diff", action="store_true", help="also print the unified diff")
    show.add_argument("--json", action="store_true", help="print JSON")
    show.set_defaults(func=_tasks_show)
    check = tasks_sub.add_parser("validate", help="run every task's witnesses and checks")
    check.add_argument("ids", nargs="*", help="task ids")
    check.add_argument("--all", action="store_true", help="every task of the bank")
    check.add_argument("--write", action="store_true", help="(re)write expected.json")
    check.set_defaults(func=_tasks_validate)
    measured = tasks_sub.add_parser(
        "difficulty", help="per task and issue, whether ruff or bandit flags it")
    measured.add_argument("--json", action="store_true", help="print JSON")
    measured.add_argument("--split", help="only this split (real: the built real-code split)")
    measured.set_defaults(func=_tasks_difficulty)
    real = tasks_sub.add_parser(
        "build-real", help="build the real-code split from pinned PyPI releases (cached)")
    real.add_argument("--packages", help="comma-separated package names (default: all pinned)")
    real.add_argument("--prs", help="comma-separated PR ids (e.g. cachetools-7-3-1): only these")
    real.add_argument("--jobs", type=int, default=2,
                      help="sandbox jobs at once, one PR more being built (default 2)")
    real.add_argument("--mutants", type=int, default=8, help="buggy tasks per PR at most "
                      "(default 8; one clean task per PR besides)")
    real.add_argument("--cache", help="cache folder (default $PYTHON_ENV_REAL_CACHE or "
                      "~/.cache/python_env/real)")
    real.add_argument("--no-progress", action="store_true", help="no progress bar")
    real.set_defaults(func=_tasks_build_real)

    from .agents.eval_args import add_eval_parser

    add_eval_parser(sub)
    replay = sub.add_parser(
        "replay", help="re-play trajectories and check their scores",
        description="Re-play each trajectory's actions against a server and check that every "
        "step's reward, the observations and the final breakdown come out the same (exit 1 on "
        "any mismatch).")
    replay.add_argument("path", help="a JSONL file of trajectories (python-env eval "
                        "--trajectories)")
    replay.add_argument("--url", nargs="+", help="running server(s) (default: one in this "
                        "process)")
    replay.add_argument("--concurrency", type=int, default=4, help="episodes at once (default 4)")
    replay.add_argument("--json", metavar="PATH", help="write the results as JSON here")
    replay.set_defaults(func=_replay)
    return parser


def _replay(args: argparse.Namespace) -> int:
    from .rollout.replay import run_replay  # the client and OpenEnv: only for this command

    return run_replay(args)


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
