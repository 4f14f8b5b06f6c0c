"""Where the time of `python-env tasks build-real` goes: stages, sandbox jobs, tasks per minute.

    uv run python bench/bench_real_build.py [--packages a,b] [--prs id,id] [--jobs 2]
                                            [--cache DIR] [--mutants N]

Builds into DIR (default: a fresh temporary folder, removed afterwards; sdists are downloaded
into it, so the download stage is measured too) and prints, per PR and in all: seconds per stage
(download, release: the release's and the base's runs and the sentinels, mutants: one run per
drawn mutant, validate: `validate.derive` per task), sandbox jobs, tasks, and the ratios
tasks/minute and jobs/task. The load average before and after says what else ran.
"""

from __future__ import annotations

import argparse
import os
import shutil
import tempfile
import time
from pathlib import Path

from python_env.server.tasks.real.build import MUTANTS_PER_PR, build


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--packages", default="cachetools,toolz")
    parser.add_argument("--prs", default="")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--mutants", type=int, default=MUTANTS_PER_PR)
    parser.add_argument("--cache", default="")
    args = parser.parse_args()
    cache = Path(args.cache or tempfile.mkdtemp(prefix="bench-real-"))
    load = os.getloadavg()
    lines: list[str] = []

    def progress(pr: str, done: int, total: int) -> None:
        if pr:
            lines.append(pr)
            print(f"[{done}/{total}] {pr}", flush=True)

    started = time.monotonic()
    try:
        summary = build(cache, [p for p in args.packages.split(",") if p] or None,
                        jobs=args.jobs, mutants=args.mutants,
                        only=[p for p in args.prs.split(",") if p] or None, on_progress=progress)
    finally:
        if not args.cache:
            shutil.rmtree(cache, ignore_errors=True)
    wall = time.monotonic() - started
    after = os.getloadavg()
    stages = ", ".join(f"{k} {v:.0f} s" for k, v in summary.stages.items())
    print(f"{summary.tasks} tasks ({summary.clean} clean) from {summary.built}/{summary.prs} PRs "
          f"in {wall:.0f} s wall, --jobs {args.jobs}; stages (summed over PRs): {stages}")
    print(f"sandbox jobs {summary.runs}; jobs/task {summary.runs / max(1, summary.tasks):.1f}; "
          f"tasks/minute {60 * summary.tasks / wall:.1f}; rejected {summary.rejected}")
    print(f"mutants run and dropped: {summary.dropped}")
    print(f"load average before {load[0]:.1f}, after {after[0]:.1f} (1 min), "
          f"{after[2]:.1f} (15 min)")


if __name__ == "__main__":
    main()
