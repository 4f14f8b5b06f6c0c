"""Run the LLM reviewer over a split of python_env and log every episode.

Configuration (environment variables; flags override them):

    API_BASE_URL             OpenAI-compatible endpoint, e.g. https://router.huggingface.co/v1
    MODEL_NAME               model to use
    HF_TOKEN / OPENAI_API_KEY  credentials for the endpoint (HF_TOKEN first)
    ENV_BASE_URL             a running python_env server; unset: one is started in this process
    INFERENCE_SPLIT          split to play (--split; default test)
    INFERENCE_REPORT         JSON report path (--output; default results/inference.json)
    INFERENCE_CONCURRENCY    episodes at once (--concurrency; default 4)
    INFERENCE_MAX_ACTIONS    model actions per episode before it submits (--max-actions; 20)
    INFERENCE_TIME_LIMIT_S   wall-clock limit from start; past it every episode submits
                             (--time-limit; default 1020, so a run ends within 20 minutes)
    REQUEST_TIMEOUT_S        seconds per model request (--request-timeout; default 60)

Output, one line each, flushed as it happens (episodes run concurrently, so every line names
its task):

    [START] task=<id> env=python_env model=<model>
    [STEP] step=<n> action=<action_type> reward=<0.00> done=<true|false> error=<msg|null> task=<id>
    [END] success=<true|false> steps=<n> score=<0.000> rewards=<r1,...,rn> task=<id>

`success` is true when the episode ran to its graded end. An action the server refuses (invalid
there) gets a [STEP] line with its error that repeats the step number: it is not a step. Without an endpoint, a model or
credentials the script exits with status 2 at once. Exit status 1 if an episode failed to run.

    API_BASE_URL=... MODEL_NAME=... HF_TOKEN=... uv run python inference.py --split test
"""

from __future__ import annotations

import argparse
import os
import sys
import time

STARTED = time.monotonic()  # before the heavy imports: the time limit counts them


def _env(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(name, "").strip()
    return value or default


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--split", default=_env("INFERENCE_SPLIT", "test"))
    p.add_argument("--tasks", nargs="+", metavar="ID", help="only these task ids")
    p.add_argument("--output", default=_env("INFERENCE_REPORT", "results/inference.json"))
    p.add_argument("--concurrency", type=int, default=int(_env("INFERENCE_CONCURRENCY", "4")))
    p.add_argument("--max-actions", type=int, default=int(_env("INFERENCE_MAX_ACTIONS", "20")))
    p.add_argument("--time-limit", type=float,
                   default=float(_env("INFERENCE_TIME_LIMIT_S", "1020")))
    p.add_argument("--request-timeout", type=float,
                   default=float(_env("REQUEST_TIMEOUT_S", "60")))
    return p.parse_args(argv)


def _oneline(text: str | None) -> str:
    if not text:
        return "null"
    return " ".join(str(text).split())[:300]


def main(argv: list[str] | None = None, started: float | None = None) -> int:
    """Run the episodes; the time limit counts from `started` (default: now)."""
    started = time.monotonic() if started is None else started
    args = parse_args(argv)
    api_base = _env("API_BASE_URL")
    model = _env("MODEL_NAME")
    token = _env("HF_TOKEN") or _env("OPENAI_API_KEY")
    missing = [name for name, value in (("API_BASE_URL", api_base), ("MODEL_NAME", model),
                                        ("HF_TOKEN or OPENAI_API_KEY", token)) if not value]
    if missing:
        print(f"inference.py: set {', '.join(missing)} (an OpenAI-compatible endpoint, the "
              "model to use and its credentials)", file=sys.stderr)
        return 2

    # Imported after the check: loading the environment's dependencies takes seconds.
    import asyncio
    import json
    from contextlib import nullcontext
    from pathlib import Path

    from python_env.agents.eval_episodes import run_episodes
    from python_env.agents.eval_metrics import build_report
    from python_env.agents.eval_tasks import local_tasks, remote_tasks
    from python_env.agents.llm import LLMAgent
    from python_env.server.local import local_server

    deadline = started + args.time_limit
    env_url = _env("ENV_BASE_URL")
    rewards: dict[str, list[float]] = {}

    def make_agent() -> LLMAgent:
        return LLMAgent(model, api_base, token, max_actions=args.max_actions,
                        request_timeout_s=args.request_timeout, deadline=deadline)

    def on_start(task) -> None:
        rewards[task.id] = []
        print(f"[START] task={task.id} env=python_env model={model}", flush=True)

    def on_step(event) -> None:
        if not event.refused:
            rewards[event.task.id].append(event.reward)
        print(f"[STEP] step={event.step} action={event.action.action_type} "
              f"reward={event.reward:.2f} done={str(event.done).lower()} "
              f"error={_oneline(event.error)} task={event.task.id}", flush=True)

    def on_done(record) -> None:
        listed = ",".join(f"{r:.2f}" for r in rewards.get(record.task_id, []))
        print(f"[END] success={str(record.error is None).lower()} steps={record.steps} "
              f"score={record.score:.3f} rewards={listed} task={record.task_id}", flush=True)
        if record.error:
            print(f"inference.py: {record.task_id}: {record.error}", file=sys.stderr)

    server = nullcontext(env_url) if env_url else local_server()
    try:
        with server as url:
            if env_url:
                tasks, skipped = remote_tasks(url, args.split, args.tasks)
            else:
                tasks, skipped = local_tasks(args.split, args.tasks)
            records = asyncio.run(run_episodes(
                url, tasks, make_agent, args.concurrency, on_step=on_step, on_done=on_done,
                on_start=on_start))
    except (KeyError, ValueError) as exc:
        print(f"inference.py: {exc.args[0] if exc.args else exc}", file=sys.stderr)
        return 2
    report = build_report("llm", args.split, records, skipped, {
        "model": model, "api_base_url": api_base, "env_url": env_url,
        "seconds": round(time.monotonic() - started, 2)})
    path = Path(args.output)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    parts = [f"{kind} {report[f'{kind}_mean_score']:.3f}" for kind in ("buggy", "clean")
             if report[f"{kind}_mean_score"] is not None]
    print(f"mean score {report['mean_score']:.3f} ({', '.join(parts) or 'no episode'}) over "
          f"{len(records)} episode(s); report written to {path}", flush=True)
    return 1 if report["errors"] else 0


if __name__ == "__main__":
    sys.exit(main(started=STARTED))
