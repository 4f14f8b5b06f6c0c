"""Sandbox latency: where a `run_tests` and a final grade spend their time.

    uv run python bench/bench_sandbox.py [--reps N] [--task ID] [--compare REF]

Prints p50/p95 (ms) of
  (a) a bare interpreter start under the same sandbox (`python3 -I -S -c 0` under bwrap),
  (b) the same interpreter start without the sandbox,
  (c) a `run_tests` action on a real task (PythonEnvironment.step),
  (d) the final grade of a submit with a patch (hidden probes in the sandbox),
the ratios of (c) and (d) to (a), and the wall time of 8 threads doing `run_tests` at once.
`--compare REF` also measures (c) and (d) with the runner of git revision REF (its
server/sandbox_runner.py, or its runner/ package joined), interleaved with the current one in
the same run, and prints current/REF: a change to the runner that costs latency shows there.
Targets on a 2-core machine: (c) p50 <= 40 ms, (d) p50 <= 60 ms. Other load on the machine
inflates every number: compare (c) and (d) with (a), measured in the same run.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from python_env import PythonAction
from python_env.server import sandbox as sb
from python_env.server.files import materialize
from python_env.server.python_env_environment import PythonEnvironment
from python_env.server.sandbox import pool, shipping
from python_env.server.sandbox.bwrap import bwrap_argv
from python_env.server.sandbox.host import as_uid
from python_env.server.tasks.loader import get_bank

TASK = "pagination-off-by-one"
REPO = Path(__file__).resolve().parents[1]


def percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def measure(fn: Callable[[], object], reps: int, warmup: int = 2) -> list[float]:
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(reps):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def bare_commands(backend: sb.Backend, ws: Path) -> tuple[list[str], list[str], dict]:
    """(a) and (b): `python3 -I -S -c 0` launched the way the sandbox launches its runner
    (under the Landlock backend, (a) has no wrapper: confinement happens inside the runner)."""
    python = sb.system_python()
    bare = [python, "-I", "-S", "-c", "0"]
    launcher, kwargs = as_uid(sb.BASE_UID)
    wrapper = (bwrap_argv(ws, sb.Limits(), sealed=backend.sealed) if backend.name == "bwrap"
               else [])
    return [*launcher, *wrapper, *bare], [*launcher, *bare], kwargs


def runner_at(ref: str) -> str:
    """The runner source at git revision `ref`: its server/sandbox_runner.py, or (once the
    runner became a package) its runner/ modules joined as they are shipped."""
    def show(path: str) -> subprocess.CompletedProcess:
        return subprocess.run(["git", "-C", str(REPO), "show", f"{ref}:{path}"],
                              capture_output=True, text=True)

    single = show("server/sandbox_runner.py")
    if single.returncode == 0:
        return single.stdout

    def part(name: str) -> str:
        done = show(f"server/sandbox/runner/{name}.py")
        if done.returncode != 0:
            raise SystemExit(f"--compare {ref}: no runner there ({done.stderr.strip()})")
        return done.stdout

    return shipping.join_runner(part)


def tests_job(sandbox: sb.Sandbox, root: Path, files: list[str]) -> Callable[[], None]:
    """(e): the task's visible tests as one sandbox job, without the environment around it."""

    def run() -> None:
        done = sandbox.run(root, {"mode": "tests", "files": files})
        if done.status != "ok":
            raise RuntimeError(f"tests job: {done.status} {done.detail} {done.stderr[-300:]}")

    return run


@contextlib.contextmanager
def using_runner(command: tuple[list[str], bytes] | None) -> Iterator[None]:
    """Jobs started in this block run `command` (argv, stdin prefix); None: the current runner."""
    if command is None:
        yield
        return
    current = pool.runner_command
    pool.runner_command = lambda python: command
    try:
        yield
    finally:
        pool.runner_command = current


def run_command(argv: list[str], kwargs: dict) -> None:
    done = subprocess.run(argv, stdin=subprocess.DEVNULL, capture_output=True, env=sb.HOST_ENV,
                          process_group=0, **kwargs)
    if done.returncode != 0:
        raise RuntimeError(f"{argv[:3]}... failed: {done.stderr[-300:]!r}")


def run_tests_step(env: PythonEnvironment) -> None:
    if env.state.done or env.episode.steps_remaining <= 1:  # stay inside the step budget
        env.reset(task_id=env.state.task_id)
    obs = env.step(PythonAction(action_type="run_tests"))
    if "passed" not in obs.tool_output:
        raise RuntimeError(f"run_tests: {obs.tool_output[:300]}")


def graded_submit(task_id: str) -> Callable[[], float]:
    """A closure doing reset + patch (untimed) and returning the submit step's wall time."""
    task = get_bank().get(task_id)
    issue = task.issues[0]
    fixed = task.fixed[issue.file]
    env = PythonEnvironment()

    def once() -> float:
        env.reset(task_id=task_id)
        env.step(PythonAction(action_type="propose_patch", path=issue.file, content=fixed))
        start = time.perf_counter()
        obs = env.step(PythonAction(action_type="submit", decision="request_changes"))
        elapsed = (time.perf_counter() - start) * 1000
        patch = obs.score.patch if obs.score else None
        if patch is None or patch.status != "ok" or patch.fail_to_pass_passed < 1:
            raise RuntimeError(f"the fix was not graded as a fix: {patch}")
        return elapsed

    once.env = env  # type: ignore[attr-defined]
    return once


def concurrent_run_tests(task_id: str, threads: int) -> float:
    envs = []
    for _ in range(threads):
        env = PythonEnvironment()
        env.reset(task_id=task_id)
        envs.append(env)
    barrier = threading.Barrier(threads + 1)
    errors: list[BaseException] = []

    def worker(env: PythonEnvironment) -> None:
        barrier.wait()
        try:
            run_tests_step(env)
        except BaseException as exc:
            errors.append(exc)

    pool = [threading.Thread(target=worker, args=(env,)) for env in envs]
    for t in pool:
        t.start()
    barrier.wait()
    start = time.perf_counter()
    for t in pool:
        t.join()
    elapsed = (time.perf_counter() - start) * 1000
    for env in envs:
        env.close()
    if errors:
        raise errors[0]
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=40)
    parser.add_argument("--task", default=TASK)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--backend", choices=sb.BACKENDS, help="force a sandbox backend")
    parser.add_argument("--compare", metavar="REF",
                        help="also measure (c) and (d) with the runner of git revision REF")
    args = parser.parse_args()
    if args.backend:
        os.environ[sb.BACKEND_ENV] = args.backend

    sandbox = sb.shared_sandbox()
    ws = Path(tempfile.mkdtemp(prefix="pyenv-bench-"))
    ws.chmod(0o755)
    try:
        return report(args, sandbox, *bare_commands(sandbox.selected, ws))
    finally:
        shutil.rmtree(ws, ignore_errors=True)


def report(args: argparse.Namespace, sandbox: sb.Sandbox, boxed: list[str], bare: list[str],
           kwargs: dict) -> int:
    env = PythonEnvironment()
    env.reset(task_id=args.task)
    submit = graded_submit(args.task)

    python = sb.system_python()
    old = None
    if args.compare:
        source = runner_at(args.compare)
        old = shipping.command_for(python, shipping.compile_runner(python, source), source)
    # Interleave the measurements, so that load from elsewhere hits them alike.
    rows: dict[str, list[float]] = {k: [] for k in ("a", "b", "c", "d", "e", "c_ref", "d_ref",
                                                     "e_ref")}
    task = get_bank().get(args.task)
    job = tests_job(sandbox, boxed_ws := materialize(task.head), sorted(task.visible_tests))
    for fn in (lambda: run_command(boxed, kwargs), lambda: run_command(bare, kwargs),
               lambda: run_tests_step(env), submit):
        fn()  # warm-up (runner compilation, caches)
    for rep in range(args.reps):
        rows["a"] += measure(lambda: run_command(boxed, kwargs), 1, warmup=0)
        rows["b"] += measure(lambda: run_command(bare, kwargs), 1, warmup=0)
        runners = [(None, ""), (old, "_ref")] if old else [(None, "")]
        for runner, suffix in runners[::-1] if rep % 2 else runners:  # neither always first
            with using_runner(runner):
                if env.episode.steps_remaining <= 1:
                    env.reset(task_id=args.task)
                rows["c" + suffix] += measure(lambda: run_tests_step(env), 1, warmup=0)
                rows["d" + suffix].append(submit())
                if old:
                    rows["e" + suffix] += measure(job, 1, warmup=0)
    env.close()
    submit.env.close()  # type: ignore[attr-defined]
    shutil.rmtree(boxed_ws, ignore_errors=True)
    concurrent = [concurrent_run_tests(args.task, args.threads) for _ in range(3)]

    labels = {
        "a": "(a) python -I -S -c 0, sandboxed",
        "b": "(b) python -I -S -c 0, bare",
        "c": f"(c) run_tests ({args.task})",
        "d": "(d) final grade (submit + patch)",
    }
    if old:
        labels.update(c_ref=f"(c) with the runner of {args.compare}",
                      d_ref=f"(d) with the runner of {args.compare}",
                      e="(e) visible-test job, Sandbox.run",
                      e_ref=f"(e) with the runner of {args.compare}")
    load = os.getloadavg()[0]
    print(f"backend={sandbox.backend} workers={sandbox.workers} cpus={os.cpu_count()} "
          f"reps={args.reps} load1={load:.2f} python={sb.system_python()}")
    print(f"{'measurement':<38}{'p50 ms':>9}{'p95 ms':>9}{'p50/(a)':>9}")
    p50a = statistics.median(rows["a"])
    for key, label in labels.items():
        p50 = statistics.median(rows[key])
        ratio = f"{p50 / p50a:9.2f}" if key[0] in "cde" else f"{'':9}"
        print(f"{label:<38}{p50:9.1f}{percentile(rows[key], 0.95):9.1f}{ratio}")
    print(f"{f'{args.threads} threads x run_tests, total wall':<38}"
          f"{statistics.median(concurrent):9.1f}{max(concurrent):9.1f}   (median, max of 3)")
    if old:
        ratios = [statistics.median(rows[k]) / statistics.median(rows[k + "_ref"])
                  for k in "cde"]
        print(f"current / {args.compare} runner, p50: (c) {ratios[0]:.3f}  (d) {ratios[1]:.3f}"
              f"  (e) {ratios[2]:.3f}")
    targets_met = statistics.median(rows["c"]) <= 40 and statistics.median(rows["d"]) <= 60
    print(f"targets (c) <= 40 ms, (d) <= 60 ms: {'met' if targets_met else 'NOT met'}"
          + (f" (load1 {load:.1f} on {os.cpu_count()} cpus)" if load > 0.5 else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
