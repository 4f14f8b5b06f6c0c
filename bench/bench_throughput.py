"""Rollout throughput: episodes per second of the oracle on the train split.

    uv run python bench/bench_throughput.py [--episodes N] [--concurrency 1 4 16] [--servers 1 2]

Starts the servers as separate processes (`python -m python_env.server.app`, each with its own
sandbox uid range), plays the oracle over the train split through `python_env.rollout` (one
WebSocket session per episode, the episodes spread over the servers), and prints, for every
number of servers and of concurrent sessions, the episodes per second and the ratio to one
session on one server. Every configuration plays the same episodes (the train split, repeated
up to --episodes) after one warm-up pass of the split per server. Other load on the machine
lowers every number: the load average is printed with the table.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager

from python_env.agents.oracle import OracleAgent
from python_env.rollout import agent_policy, run_episodes
from python_env.server.launch import start_server, stop_server, wait_healthy
from python_env.server.tasks.loader import get_bank

UID_STRIDE = 64


@contextmanager
def servers(count: int, timeout_s: float = 120.0) -> Iterator[list[str]]:
    """`count` servers, each its own process with its own sandbox uids; yields their URLs."""
    base = int(os.environ.get("PYTHON_ENV_SANDBOX_BASE_UID", "61000"))
    processes, urls = [], []
    try:
        for i in range(count):
            env = {**os.environ, "PYTHON_ENV_SANDBOX_BASE_UID": str(base + UID_STRIDE * (i + 1))}
            process, url = start_server(env, stderr=None)  # its errors on the console
            processes.append(process)
            urls.append(url)
        deadline = time.monotonic() + timeout_s
        for url, process in zip(urls, processes, strict=True):
            wait_healthy(process, url, max(0.0, deadline - time.monotonic()))
        yield urls
    finally:
        for process in processes:
            stop_server(process, timeout_s=20)


def rate(urls: list[str], tasks: list[str], concurrency: int) -> tuple[float, int]:
    """Episodes per second over `tasks`, and how many episodes failed."""
    bank = get_bank()
    started = time.perf_counter()
    results = asyncio.run(run_episodes(urls, agent_policy(lambda: OracleAgent(bank)), tasks,
                                       concurrency, timeout_s=600))
    seconds = time.perf_counter() - started
    return len(tasks) / seconds, sum(not r.ok or r.score != 1.0 for r in results)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--episodes", type=int, default=48, help="episodes per configuration")
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 4, 16])
    parser.add_argument("--servers", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args()

    split = [t.id for t in get_bank().split("train") if t.derived is not None]
    tasks = (split * (args.episodes // len(split) + 1))[:args.episodes]
    rows: list[tuple[int, int, float, int]] = []
    for count in args.servers:
        with servers(count) as urls:
            rate(urls, split * count, 4)  # warm-up: every task once per server
            for concurrency in args.concurrency:
                eps, failed = rate(urls, tasks, concurrency)
                rows.append((count, concurrency, eps, failed))
                print(f"  {count} server(s), {concurrency:>2} sessions: {eps:.2f} episodes/s",
                      file=sys.stderr, flush=True)
    reference = next((eps for c, n, eps, _ in rows if (c, n) == (1, 1)), rows[0][2])
    load = os.getloadavg()
    print(f"oracle on the train split, {len(tasks)} episodes per row, {os.cpu_count()} CPUs, "
          f"load average {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f}\n")
    print("| servers | concurrent sessions | episodes/s | vs 1 session, 1 server | failed |")
    print("|---:|---:|---:|---:|---:|")
    for count, concurrency, eps, failed in rows:
        print(f"| {count} | {concurrency} | {eps:.2f} | {eps / reference:.2f}x | {failed} |")
    return 1 if any(failed for *_, failed in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
