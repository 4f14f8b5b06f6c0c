"""Generator yield and cost: `generate_task(seed)` over a range of seeds.

    uv run python bench/bench_generator.py [--seeds 400] [--baseline OLD_GENERATOR.py]

Prints how many seeds yield a task, the mean and median seconds per call, and the kinds drawn.
With --baseline (e.g. `git show main:server/tasks/generator.py > /tmp/old_generator.py`), that
generator module is loaded beside the current one and each seed runs on both, alternately, so
that load on the machine weighs on both alike; the ratio new/old of the mean time is printed.
Each seed is generated anew (no LRU cache); site caches warm up over the first seeds as in a
server.
"""

from __future__ import annotations

import argparse
import collections
import importlib.util
import statistics
import sys
import time
from types import ModuleType

from python_env.server.tasks import generator


def load_baseline(path: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location("python_env.server.tasks._baseline_generator",
                                                  path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def run(module: ModuleType, seed: int, stats: dict) -> None:
    start = time.perf_counter()
    try:
        task = module.generate_task(seed)
    except module.GenerationError:
        stats["failed"].append(seed)
    else:
        stats["kinds"][_kind(module, task)] += 1
    stats["times"].append(time.perf_counter() - start)


def _kind(module: ModuleType, task) -> str:
    issue_id = task.issues[0].id
    return max((k for k in module.KINDS if issue_id.startswith(k + "-")), key=len)


def report(name: str, stats: dict, seeds: int) -> float:
    times = stats["times"]
    mean = statistics.mean(times)
    print(f"{name}: {seeds - len(stats['failed'])}/{seeds} seeds yield a task; "
          f"mean {mean:.3f} s, median {statistics.median(times):.3f} s, "
          f"max {max(times):.2f} s per call")
    if stats["failed"]:
        print(f"  no task for seeds {stats['failed']}")
    kinds = {k: n for k, n in stats["kinds"].items() if n}
    print(f"  {len(kinds)} kinds drawn: " + ", ".join(
        f"{k} {n}" for k, n in sorted(kinds.items(), key=lambda kv: -kv[1])))
    return mean


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seeds", type=int, default=400)
    parser.add_argument("--baseline", help="an older generator.py to compare with")
    args = parser.parse_args()
    modules = {"current": generator}
    if args.baseline:
        modules["baseline"] = load_baseline(args.baseline)
    stats = {name: {"failed": [], "times": [], "kinds": collections.Counter()}
             for name in modules}
    for seed in range(args.seeds):
        for name, module in modules.items():
            run(module, seed, stats[name])
    means = {name: report(name, stats[name], args.seeds) for name in modules}
    if "baseline" in means:
        print(f"mean time current/baseline: {means['current'] / means['baseline']:.2f}")


if __name__ == "__main__":
    main()
