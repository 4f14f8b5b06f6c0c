"""The verifiers integration's cost: oracle episodes per second through verifiers vs the rollout API.

    uv sync --group verifiers
    uv run python bench/bench_verifiers.py [--episodes N] [--concurrency 1 4]

Starts one server (its own process and sandbox uids), then plays the oracle on the first
--episodes train tasks twice per concurrency: through `python_env.rollout` (the oracle as a
policy) and through verifiers' `evaluate` (the oracle's actions as a model's tool calls, served
by openai's client over an in-process transport, so no model time is counted). Prints episodes
per second, the mean reward of each path, and the ratio verifiers / rollout API. Other load on
the machine lowers every number: the load average is printed with the table.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import time
from typing import Any

import httpx
import verifiers as vf
from openai import AsyncOpenAI

from python_env.agents.oracle import OracleAgent
from python_env.integrations.review_tools import action_to_tool_call
from python_env.integrations.verifiers import ENV_ID, ReviewToolEnv
from python_env.models import PythonObservation
from python_env.rollout import EpisodeRequest, agent_policy, run_episodes
from python_env.server.tasks.loader import get_bank


def oracle_client() -> Any:
    """A verifiers client whose "model" replies with the oracle's next action as a tool call,
    chosen by the pull request's title and the number of assistant turns so far."""
    by_title = {t.title: t.id for t in get_bank().by_id.values()}
    plans: dict[str, list[tuple[str, dict[str, Any]]]] = {}

    def handle(request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content)
        user = " ".join(str(m["content"]) for m in body["messages"] if m["role"] == "user")
        (title,) = re.findall(r"Pull request: (.*)\n", user)
        if title not in plans:
            actions = OracleAgent().plan(PythonObservation(task_id=by_title[title]))
            plans[title] = [action_to_tool_call(a) for a in actions]
        turn = sum(m["role"] == "assistant" for m in body["messages"])
        name, args = plans[title][turn]
        message = {"role": "assistant", "content": None, "tool_calls": [
            {"id": f"c{turn}", "type": "function",
             "function": {"name": name, "arguments": json.dumps(args)}}]}
        return httpx.Response(200, json={
            "id": "b", "object": "chat.completion", "created": 0, "model": body["model"],
            "choices": [{"index": 0, "message": message, "finish_reason": "tool_calls"}]})

    http = httpx.AsyncClient(transport=httpx.MockTransport(handle))
    return vf.OpenAIChatCompletionsClient(
        AsyncOpenAI(api_key="bench", base_url="http://model.invalid/v1", http_client=http))


def through_verifiers(env: ReviewToolEnv, episodes: int, concurrency: int) -> tuple[float, float]:
    start = time.perf_counter()
    results = asyncio.run(env.evaluate(oracle_client(), model="oracle", num_examples=episodes,
                                       max_concurrent=concurrency,
                                       on_progress=lambda *a, **k: None))
    elapsed = time.perf_counter() - start
    rewards = [o["reward"] for o in results["outputs"]]
    return episodes / elapsed, sum(rewards) / len(rewards)


def through_rollout(url: str, episodes: int, concurrency: int) -> tuple[float, float]:
    requests = [EpisodeRequest(split="train", index=i) for i in range(episodes)]
    start = time.perf_counter()
    results = asyncio.run(run_episodes([url], agent_policy(OracleAgent), requests,
                                       concurrency=concurrency, timeout_s=600))
    elapsed = time.perf_counter() - start
    return episodes / elapsed, sum(r.score for r in results) / len(results)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--episodes", type=int, default=8)
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 4])
    args = parser.parse_args()

    base = int(os.environ.get("PYTHON_ENV_SANDBOX_BASE_UID", "61000"))
    env = vf.load_environment(ENV_ID, split="train", count=args.episodes,
                              server_env={"PYTHON_ENV_SANDBOX_BASE_UID": str(base + 64)})
    assert isinstance(env, ReviewToolEnv)
    try:
        through_rollout(env.base_url, args.episodes, 1)  # warm-up: imports, sandbox pool
        print(f"{args.episodes} oracle episodes (train split), one server; "
              f"load average {os.getloadavg()[0]:.1f}")
        print(f"{'concurrency':>11} {'rollout ep/s':>12} {'reward':>6} "
              f"{'verifiers ep/s':>14} {'reward':>6} {'ratio':>6}")
        for c in args.concurrency:
            plain, plain_reward = through_rollout(env.base_url, args.episodes, c)
            vf_rate, vf_reward = through_verifiers(env, args.episodes, c)
            print(f"{c:>11} {plain:>12.2f} {plain_reward:>6.3f} {vf_rate:>14.2f} "
                  f"{vf_reward:>6.3f} {vf_rate / plain:>6.2f}")
    finally:
        env.close()


if __name__ == "__main__":
    main()
