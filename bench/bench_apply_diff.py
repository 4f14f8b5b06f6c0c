"""apply_unified_diff over the bank's pull requests, file by file, both ways (base -> head and
head -> base): every result checked, and the cost per diff.

    uv run python bench/bench_apply_diff.py [--rounds 20] [--baseline OLD_WORKSPACE.py]

With --baseline (e.g. `git show <commit>:server/workspace.py > /tmp/old_workspace.py`, the
hand-written parser before unidiff), that module's `apply_unified_diff(text, diff)` runs on the
same diffs, alternately with the current one so that load weighs on both alike, and the ratio
new/old of the mean time is printed. The baseline module is loaded as part of python_env.server
(its relative imports resolve there).
"""

from __future__ import annotations

import argparse
import difflib
import importlib.util
import statistics
import time
from collections.abc import Callable
from types import ModuleType

from python_env.server.tasks.loader import get_bank
from python_env.server.unified_diff import apply_unified_diff


def load_baseline(path: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location("python_env.server._baseline_workspace", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def bank_cases() -> list[tuple[str, str, str, str]]:
    """(path, before, diff, after) for each changed file of each bank task, both ways."""
    cases = []
    for task in sorted(get_bank().by_id.values(), key=lambda t: t.id):
        for path, head in task.head_changes.items():
            base = task.base.get(path)
            if base is None:
                continue
            for before, after in ((base, head), (head, base)):
                lines = difflib.unified_diff(before.splitlines(keepends=True),
                                             after.splitlines(keepends=True),
                                             f"a/{path}", f"b/{path}")
                diff = "".join(x if x.endswith("\n") else x + "\n" for x in lines)
                expected = after if after.endswith("\n") else after + "\n"
                cases.append((path, before, diff, expected))
    return cases


def timed(apply: Callable[[str, str], str], cases, rounds: int) -> tuple[list[float], int]:
    seconds, wrong = [], 0
    for _ in range(rounds):
        for _path, before, diff, expected in cases:
            started = time.perf_counter()
            result = apply(before, diff)
            seconds.append(time.perf_counter() - started)
            wrong += result != expected
    return seconds, wrong


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--baseline", help="an older workspace.py with apply_unified_diff")
    args = parser.parse_args()
    cases = bank_cases()
    lines = sum(d.count("\n") for _, _, d, _ in cases)
    print(f"{len(cases)} file diffs from the bank ({lines} diff lines), {args.rounds} rounds")
    baseline = load_baseline(args.baseline).apply_unified_diff if args.baseline else None
    new_s, old_s, new_wrong, old_wrong = [], [], 0, 0
    for _ in range(args.rounds):  # alternate, so that load weighs on both alike
        s, w = timed(apply_unified_diff, cases, 1)
        new_s += s
        new_wrong += w
        if baseline:
            s, w = timed(baseline, cases, 1)
            old_s += s
            old_wrong += w
    print(f"unidiff: mean {statistics.mean(new_s) * 1e6:.0f} us, median "
          f"{statistics.median(new_s) * 1e6:.0f} us per diff; {new_wrong} wrong result(s)")
    if baseline:
        print(f"baseline: mean {statistics.mean(old_s) * 1e6:.0f} us, median "
              f"{statistics.median(old_s) * 1e6:.0f} us per diff; {old_wrong} wrong result(s)")
        print(f"ratio new/old (mean): {statistics.mean(new_s) / statistics.mean(old_s):.2f}")


if __name__ == "__main__":
    main()
