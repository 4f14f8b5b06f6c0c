"""Load: does one session's work stall the others? Measured over real WebSockets on a server in
its own process.

    uv run python bench/bench_load.py [--python PATH] [--line-chars N] [--reps N]

Prints p50/p95 (ms) of
  (a) `search` with catastrophic-backtracking patterns over a file of hostile lines,
  (b) another session's `read_file` when idle and while (a) runs (target: p95 delay < 50 ms),
  (c) 64 clients' simultaneous first reset on a server just started, and again once it is warm
      (target: cold p50 <= 3x warm p50),
  (d) a light session's `run_tests` when idle and while four other sessions flood the sandbox
      with slow test runs (the ratio to idle).
`--python` runs the server with another interpreter (e.g. another checkout's .venv/bin/python) to
compare code versions; `--line-chars`, `--lines` and `--patterns` shape the search (Python's `re`
needs about a second for `(a+)+$` on one line of 22 characters, and longer than anyone waits at
900).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import subprocess
import sys
import time

import websockets

from python_env.server.launch import start_server as launch
from python_env.server.launch import wait_healthy

TASK = "pagination-off-by-one"
PATTERNS = ["(.+)+!", "(a+)+$", "(a|a)*b", "(a*)*b", "((a+)+)+c", "(.*a){12}z"]
SLOW_TEST = "import time\n\ndef test_slow():\n    time.sleep(0.5)\n"
STEP_TIMEOUT_S = 180


def percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def start_server(python: str) -> tuple[subprocess.Popen, str]:
    proc, url = launch(dict(os.environ, PYTHONDONTWRITEBYTECODE="1"), python=python)
    try:
        wait_healthy(proc, url, 180)
    except RuntimeError:
        proc.kill()
        raise
    return proc, url


class Session:
    """One WebSocket session; `step` starts a new episode (untimed) when the budget runs out,
    replaying `setup` (the actions that prepare the workspace) after the reset."""

    def __init__(self, url: str):
        self.url = url.replace("http://", "ws://") + "/ws"
        self.reset_data: dict = {"task_id": TASK}
        self.setup: list[dict] = []
        self.remaining = 0

    async def __aenter__(self) -> Session:
        self.ws = await websockets.connect(self.url, max_size=None, open_timeout=120,
                                           ping_interval=None)  # a stalled server is measured
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.ws.close()

    async def call(self, kind: str, data: dict) -> tuple[float, dict]:
        start = time.perf_counter()
        await self.ws.send(json.dumps({"type": kind, "data": data}))
        reply = json.loads(await asyncio.wait_for(self.ws.recv(), STEP_TIMEOUT_S))
        if reply.get("type") == "error":
            raise RuntimeError(reply["data"])
        return (time.perf_counter() - start) * 1000, reply["data"]

    async def start(self, reset: dict, setup: list[dict] | None = None) -> None:
        self.reset_data, self.setup = reset, setup or []
        _, data = await self.call("reset", reset)
        self.remaining = data["observation"]["steps_remaining"]
        for action in self.setup:
            await self.call("step", action)
            self.remaining -= 1

    async def step(self, **action: object) -> tuple[float, dict]:
        if self.remaining <= 1:
            await self.start(self.reset_data, self.setup)
        ms, data = await self.call("step", action)
        self.remaining = data["observation"]["steps_remaining"]
        return ms, data["observation"]


async def bench_search(url: str, line_chars: int, lines: int, patterns: list[str], reps: int
                       ) -> dict[str, list[float]]:
    out: dict[str, list[float]] = {"search": [], "idle": [], "during": []}
    done = asyncio.Event()
    async with Session(url) as a, Session(url) as b:
        await a.start({"task_id": TASK}, [{"action_type": "propose_patch", "path": "long.txt",
                                           "content": ("a" * line_chars + "X\n") * lines}])
        await b.start({"task_id": TASK})
        for _ in range(60):
            out["idle"].append((await b.step(action_type="read_file",
                                             path="shop/pagination.py"))[0])

        async def searches() -> None:
            for _ in range(reps):
                for pattern in patterns:
                    out["search"].append((await a.step(action_type="search",
                                                       pattern=pattern))[0])
            done.set()

        async def reads() -> None:
            while not done.is_set():
                out["during"].append((await b.step(action_type="read_file",
                                                   path="shop/pagination.py"))[0])

        await asyncio.gather(searches(), reads())
    return out


async def bench_resets(url: str, clients: int) -> list[float]:
    async def one(index: int) -> float:
        start = time.perf_counter()
        async with Session(url) as session:
            await session.call("reset", {"split": "train", "index": index % 20})
        return (time.perf_counter() - start) * 1000

    return list(await asyncio.gather(*(one(i) for i in range(clients))))


async def bench_fairness(url: str, reps: int, flooders: int) -> dict[str, list[float]]:
    out: dict[str, list[float]] = {"idle": [], "during": []}
    stop = asyncio.Event()
    async with Session(url) as b:
        await b.start({"task_id": TASK})
        for _ in range(reps):
            out["idle"].append((await b.step(action_type="run_tests"))[0])

        async def flood() -> None:
            async with Session(url) as a:
                await a.start({"task_id": TASK}, [
                    {"action_type": "propose_patch", "path": f"tests/test_slow_{i}.py",
                     "content": SLOW_TEST} for i in range(3)])
                while not stop.is_set():
                    await a.step(action_type="run_tests")

        async def light() -> None:
            await asyncio.sleep(3.0)  # the flood is under way
            for _ in range(reps):
                out["during"].append((await b.step(action_type="run_tests"))[0])
                await asyncio.sleep(0.3)
            stop.set()

        await asyncio.gather(light(), *(flood() for _ in range(flooders)))
    return out


def row(name: str, samples: list[float], ref: float | None = None) -> str:
    p50, p95 = percentile(samples, 0.5), percentile(samples, 0.95)
    ratio = f"{p50 / ref:7.2f}" if ref else " " * 7
    return f"| {name:<58} | {p50:9.1f} | {p95:9.1f} | {max(samples):9.1f} | {ratio} |"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--python", default=sys.executable)
    parser.add_argument("--line-chars", type=int, default=900)
    parser.add_argument("--lines", type=int, default=50)
    parser.add_argument("--patterns", default=",".join(PATTERNS),
                        help="comma-separated (default: all six)")
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument("--clients", type=int, default=64)
    args = parser.parse_args()

    proc, url = start_server(args.python)
    try:
        cold = asyncio.run(bench_resets(url, args.clients))
        warm = asyncio.run(bench_resets(url, args.clients))
        patterns = args.patterns.split(",")
        search = asyncio.run(bench_search(url, args.line_chars, args.lines, patterns, args.reps))
        fair = asyncio.run(bench_fairness(url, args.reps, flooders=4))
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
    with open("/proc/loadavg") as f:
        load = f.read().split()[0]
    print(f"server: {args.python}; load average {load}; {args.lines} hostile line(s) of "
          f"{args.line_chars} chars")
    print(f"| {'measurement (ms)':<58} | {'p50':>9} | {'p95':>9} | {'max':>9} | {'ratio':>7} |")
    print(f"|{'-' * 60}|{'-' * 11}|{'-' * 11}|{'-' * 11}|{'-' * 9}|")
    print(row(f"(a) search, {len(patterns)} catastrophic pattern(s)", search["search"]))
    idle = percentile(search["idle"], 0.5)
    print(row("(b) other session's read_file, idle", search["idle"]))
    print(row("(b) other session's read_file, during (a) [ratio to idle]",
              search["during"], idle))
    delay = percentile(search["during"], 0.95) - idle
    warm_p50 = percentile(warm, 0.5)
    print(row(f"(c) {args.clients} simultaneous first resets, fresh server", cold, warm_p50))
    print(row(f"(c) {args.clients} simultaneous first resets, warm server", warm, warm_p50))
    fair_idle = percentile(fair["idle"], 0.5)
    print(row("(d) light session's run_tests, idle", fair["idle"]))
    print(row("(d) light session's run_tests, 4 sessions flooding [ratio]", fair["during"],
              fair_idle))
    print(f"(b) p95 delay over idle p50: {delay:.1f} ms (target < 50); "
          f"(c) cold/warm p50: {percentile(cold, 0.5) / warm_p50:.2f} (target <= 3)")


if __name__ == "__main__":
    main()
