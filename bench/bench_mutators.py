"""Site finding on large files: `find_sites` (libcst parse, byte spans, the walk) per file.

    uv run python bench/bench_mutators.py [--reps 3]

Prints, for a few standard-library modules of hundreds to thousands of lines, the number of
sites and the best of N uncached runs in seconds, and lines per second. libcst's parse and its
position pass dominate; `find_sites` caches per (path, text), so a file is paid for once per
process. Load on the machine moves the numbers: compare runs made at the same load.
"""

from __future__ import annotations

import argparse
import importlib.util
import time

from python_env.server.mutators import MUTATORS
from python_env.server.mutators.finder import _find

MODULES = ("json.decoder", "textwrap", "csv", "difflib", "configparser", "argparse")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reps", type=int, default=3)
    args = parser.parse_args()
    for name in MODULES:
        spec = importlib.util.find_spec(name)
        assert spec and spec.origin
        with open(spec.origin, encoding="utf-8") as handle:
            text = handle.read()
        best, sites = float("inf"), 0
        for _ in range(args.reps):
            start = time.perf_counter()
            sites = len(_find(spec.origin, text, MUTATORS))
            best = min(best, time.perf_counter() - start)
        lines = text.count("\n")
        print(f"{name}: {lines} lines, {sites} sites, {best:.3f} s, {lines / best:.0f} lines/s")


if __name__ == "__main__":
    main()
