"""Grading latency: what witness tests add to a submit.

    uv run python bench/bench_grading.py [--reps N]

Prints p50/p95 (ms) of the submit step on pagination-off-by-one with
  (a) the reference fix as a patch and one finding without a witness,
  (b) the same with one witness test on the finding,
  (c) the same with five findings, each carrying a witness test,
and the ratios (b)/(a) and (c)/(a). A witness is judged on four trees (head, fix and their
rewrites) and, when it behaves as expected there, on the task's two controls: one sandbox job
per tree whatever the number of witnesses, so (b) costs six sandbox jobs more than (a) (the
controls themselves are computed once per task and process, during the warm-up), and (c)
little more than (b). Target on a 2-core machine: (b)/(a) <= 8. Load on the machine moves absolute numbers: compare the ratios, measured in one run.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time

from python_env import Finding, PythonAction
from python_env.server.python_env_environment import PythonEnvironment
from python_env.server.tasks.loader import get_bank

TASK, PATH = "pagination-off-by-one", "shop/pagination.py"
WITNESS = """
from shop.pagination import paginate


def test_the_last_page_has_no_next():
    assert not paginate(list(range(10)), page=1, per_page=10).has_next
"""


def submit_ms(env: PythonEnvironment, witnesses: int, findings: int) -> float:
    env.reset(task_id=TASK)
    env.step(PythonAction(action_type="propose_patch", path=PATH,
                          content=get_bank().get(TASK).fix_changes[PATH]))
    for i in range(findings):
        env.step(PythonAction(action_type="add_finding", finding=Finding(
            file=PATH, line=19, category="bug", severity="major", title="off by one",
            witness_test=WITNESS if i < witnesses else None)))
    start = time.perf_counter()
    obs = env.step(PythonAction(action_type="submit", decision="request_changes"))
    elapsed = (time.perf_counter() - start) * 1000
    if obs.score is None or len(obs.score.proven_ids) != witnesses:
        raise RuntimeError(f"expected {witnesses} proven witnesses: {obs.score}")
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=20)
    args = parser.parse_args()
    env = PythonEnvironment()
    cases = {"a": (0, 1), "b": (1, 1), "c": (5, 5)}
    rows: dict[str, list[float]] = {k: [] for k in cases}
    for witnesses, findings in cases.values():  # warm-up
        submit_ms(env, witnesses, findings)
    for _ in range(args.reps):  # interleaved, so that load from elsewhere hits all alike
        for key, (witnesses, findings) in cases.items():
            rows[key].append(submit_ms(env, witnesses, findings))
    env.close()
    labels = {"a": "(a) submit: fix + finding, no witness",
              "b": "(b) submit: fix + finding + 1 witness",
              "c": "(c) submit: fix + 5 findings, 5 witnesses"}
    print(f"reps={args.reps} cpus={os.cpu_count()} load1={os.getloadavg()[0]:.2f}")
    print(f"{'measurement':<44}{'p50 ms':>9}{'p95 ms':>9}{'p50/(a)':>9}")
    p50a = statistics.median(rows["a"])
    for key, label in labels.items():
        ordered = sorted(rows[key])
        p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
        p50 = statistics.median(rows[key])
        print(f"{label:<44}{p50:9.1f}{p95:9.1f}{p50 / p50a:9.2f}")
    ratio = statistics.median(rows["b"]) / p50a
    print(f"target (b)/(a) <= 8: {'met' if ratio <= 8 else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
