"""`python-env`: the command line of python_env (tasks, evaluation)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def _tasks_list(args: argparse.Namespace) -> int:
    from .server.tasks.loader import load_bank

    bank = load_bank(Path(args.tasks_dir) if args.tasks_dir else None)
    tasks = [t for t in sorted(bank.by_id.values(), key=lambda t: (t.split, t.id))
             if not args.split or t.split == args.split]
    rows = [
        {"id": t.id, "split": t.split, "difficulty": t.difficulty, "clean": t.clean,
         "files": t.changed_files, "classes": t.bug_classes}
        for t in tasks
    ]
    if args.json:
        print(json.dumps(rows, indent=1))
        return 0
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"{len(rows)} tasks")
    for column in ("id", "split", "difficulty", "clean", "files", "classes"):
        table.add_column(column)
    for row in rows:
        table.add_row(row["id"], row["split"], row["difficulty"], "yes" if row["clean"] else "",
                      ", ".join(row["files"]), ", ".join(row["classes"]))
    Console(width=200).print(table)
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
    reports = validate(sorted(tasks, key=lambda t: t.id), root, shared_sandbox(), args.write)
    failed = 0
    for report in reports:
        if report.ok:
            d = report.derived or {}
            print(f"ok    {report.task_id}  f2p={len(d.get('fail_to_pass', []))} "
                  f"p2p={len(d.get('pass_to_pass', []))}")
        else:
            failed += 1
            for error in report.errors:
                print(f"FAIL  {report.task_id}: {error}")
    print(f"{len(reports) - failed} passed, {failed} failed")
    return 1 if failed else 0


def _tasks_difficulty(args: argparse.Namespace) -> int:
    from .server.tasks.difficulty import measure, summary
    from .server.tasks.loader import load_bank

    bank = load_bank(Path(args.tasks_dir) if args.tasks_dir else None)
    flags = [f for t in sorted(bank.by_id.values(), key=lambda t: t.id) for f in measure(t)]
    if args.json:
        rows = [{"task": f.task_id, "difficulty": f.difficulty, "issue": f.issue_id,
                 "class": f.bug_class, "flagged": f.flagged, "rules": f.rules} for f in flags]
        print(json.dumps({"issues": rows, "summary": summary(flags)}, indent=1))
        return 0
    for f in flags:
        mark = ", ".join(f.rules) if f.rules else "-"
        print(f"{f.difficulty:7} {f.task_id:44} {f.issue_id:36} {mark}")
    for difficulty, s in summary(flags).items():
        print(f"{difficulty}: {s['flagged']}/{s['issues']} issues flagged by an analyser "
              f"({s['rate']:.0%})")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python-env", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    tasks = sub.add_parser("tasks", help="inspect and validate the task bank")
    tasks.add_argument("--tasks-dir", help="task bank folder (default: the bundled one)")
    tasks_sub = tasks.add_subparsers(dest="tasks_command", required=True)
    listing = tasks_sub.add_parser("list", help="list tasks")
    listing.add_argument("--json", action="store_true", help="print a JSON array")
    listing.add_argument("--split", help="only this split")
    listing.set_defaults(func=_tasks_list)
    check = tasks_sub.add_parser("validate", help="run every task's witnesses and checks")
    check.add_argument("ids", nargs="*", help="task ids")
    check.add_argument("--all", action="store_true", help="every task of the bank")
    check.add_argument("--write", action="store_true", help="(re)write expected.json")
    check.set_defaults(func=_tasks_validate)
    measured = tasks_sub.add_parser(
        "difficulty", help="per task and issue, whether ruff or bandit flags it")
    measured.add_argument("--json", action="store_true", help="print JSON")
    measured.set_defaults(func=_tasks_difficulty)

    from .agents.evaluate import add_eval_parser

    add_eval_parser(sub)
    from .rollout.replay import add_replay_parser

    add_replay_parser(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
