"""python_env as a verifiers environment: one review episode per rollout, scored by the server.

verifiers finds an environment by module name: `verifiers.load_environment(ENV_ID, **kwargs)`
imports the module ENV_ID names and calls its `load_environment(**kwargs)`, so

    import verifiers as vf
    env = vf.load_environment("python_env.integrations.verifiers", base_url="http://127.0.0.1:8001",
                              split="train", count=8)
    results = await env.evaluate(client, model="...", num_examples=8)

(or `load_environment(...)` from this module directly). Without `base_url` a local server is
started from this checkout (`server/launch.py`) and stopped when the environment is torn down.

Each rollout opens a WebSocket session (`review_tools.ReviewEnvironment`, the same tools the TRL
integration uses): the model's tools are the nine actions, each tool result is the observation
rendered to text within a token budget, and the first user turn carries the pull request. The
rollout ends when the model submits, answers without a tool call, or runs out of turns; an
unsubmitted review is then submitted with the server's default decision. The rubric's one reward
is the episode's final score (`ScoreBreakdown.total` of the server's REWARD_VERSION).

Needs the `verifiers` dependency group (`uv sync --group verifiers`).
"""

from __future__ import annotations

import asyncio
import functools
import inspect
import json
import os
import subprocess
import sys
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import verifiers as vf
from datasets import Dataset
from verifiers.types import Messages, State, ToolMessage
from verifiers.utils.tool_utils import convert_func_to_tool_def
from websockets.exceptions import ConnectionClosed

from python_env.client import ServerError
from python_env.integrations.review_tools import (
    PROMPT,
    ReviewEnvironment,
    TokenCounter,
    approx_tokens,
    close_session,
    episode_over,
)
from python_env.models import ACTION_TYPES

ENV_ID = "python_env.integrations.verifiers"
SESSION = "review_session"  # the state key of the rollout's ReviewEnvironment
# A lost or refused session: the rollout ends with verifiers' error (scored 0), the run goes on.
SESSION_ERRORS: tuple[type[BaseException], ...] = (OSError, ConnectionClosed, ServerError)


class SessionError(vf.InfraError):
    """The python_env server could not be reached, or dropped the episode's session."""


def review_rows(split: str = "train", count: int = 1,
                task_ids: list[str] | None = None) -> Dataset:
    """One row per episode: the review prompt, and in `info` the task (by id, else the first
    `count` tasks of `split` by index) that `reset` is given."""
    prompt = [{"role": "user", "content": PROMPT}]
    if task_ids:
        infos = [{"task_id": t} for t in task_ids]
    else:
        infos = [{"split": split, "index": i} for i in range(count)]
    # `info` travels as JSON text: verifiers parses a string info, and one column type keeps
    # task-id rows and split/index rows in one dataset.
    return Dataset.from_list([{"prompt": prompt, "info": json.dumps(info)}
                              for info in infos])


async def review_score(state: State) -> float:
    """The episode's final score from the server's grader (recorded when the rollout ended)."""
    return float(state.get("review_score") or 0.0)


class ReviewToolEnv(vf.MultiTurnEnv):
    """A verifiers multi-turn environment over python_env sessions; tools are the nine actions."""

    def __init__(self, base_url: str, *, count_tokens: TokenCounter = approx_tokens,
                 observation_tokens: int = 512, first_observation_tokens: int = 2048,
                 server: subprocess.Popen | None = None, session_threads: int = 64,
                 **kwargs: Any) -> None:
        self.base_url = base_url
        self._session_args = {"count_tokens": count_tokens,
                              "observation_tokens": observation_tokens,
                              "first_observation_tokens": first_observation_tokens}
        self._server = server
        # Sessions use the blocking client, one call at a time each; a pool of their own keeps
        # concurrent rollouts from queueing behind asyncio's small default executor.
        self._threads = ThreadPoolExecutor(max_workers=session_threads,
                                           thread_name_prefix="python-env-session")
        # The schema comes from the shared tool methods' signatures and docstrings.
        template = ReviewEnvironment(base_url)
        tool_defs = [convert_func_to_tool_def(getattr(template, name))
                     for name in ACTION_TYPES]
        rubric = kwargs.pop("rubric", None) or vf.Rubric(funcs=[review_score], weights=[1.0])
        super().__init__(tool_defs=tool_defs, rubric=rubric, **kwargs)

    async def _blocking(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._threads, functools.partial(fn, *args, **kwargs))

    async def setup_state(self, state: State) -> State:
        session = ReviewEnvironment(self.base_url, **self._session_args)
        state[SESSION] = session
        info = state.get("info") or {}
        try:
            first = await self._blocking(session.reset, **info)
        except SESSION_ERRORS as exc:
            raise SessionError(f"reset at {self.base_url} failed: {exc}") from exc
        # The pull request joins the prompt's last user turn, as TRL appends `reset`'s text.
        prompt = list(state["prompt"])
        last = prompt[-1]
        prompt[-1] = last.model_copy(update={"content": f"{last.content}{first}"})
        state["prompt"] = prompt
        return state

    async def env_response(self, messages: Messages, state: State, **kwargs: Any) -> Messages:
        session: ReviewEnvironment = state[SESSION]
        replies: list[ToolMessage] = []
        for call in messages[-1].tool_calls or []:
            replies.append(ToolMessage(role="tool", tool_call_id=call.id,
                                       content=await self._call(session, call.name,
                                                                call.arguments)))
        if episode_over(session):
            state["final_env_response"] = replies  # the grade is the last thing the model sees
        return replies

    async def _call(self, session: ReviewEnvironment, name: str, arguments: str) -> str:
        if name not in ACTION_TYPES:
            return f"Error: unknown tool {name!r}; the tools are {', '.join(ACTION_TYPES)}."
        try:
            args = json.loads(arguments or "{}")
        except json.JSONDecodeError as exc:
            return f"Error: the arguments are not JSON: {exc}"
        if not isinstance(args, dict):
            return "Error: the arguments must be a JSON object."
        tool = getattr(session, name)
        try:
            inspect.signature(tool).bind(**args)
        except TypeError as exc:  # missing or unknown argument names
            return f"Error: {name}: {exc}"
        try:
            return await self._blocking(tool, **args)
        except SESSION_ERRORS as exc:
            raise SessionError(f"{name} at {self.base_url} failed: {exc}") from exc

    @vf.stop
    async def answered_without_tools(self, state: State) -> bool:
        """A reply with no tool call ends the review (it is submitted at cleanup)."""
        if not state["trajectory"]:
            return False
        last = state["trajectory"][-1]["completion"][-1]
        return last.role == "assistant" and not getattr(last, "tool_calls", None)

    @vf.cleanup
    async def finish_episode(self, state: State) -> None:
        """Grade the episode (submitting an unsubmitted review) and close its session."""
        session: ReviewEnvironment | None = state.pop(SESSION, None)
        if session is None:
            return
        try:
            if session.episode is not None:
                state["review_actions"] = list(session.episode.actions)
                state["submitted_by_model"] = session.episode.submitted_by_model
                state["review_score"] = await self._blocking(session.get_reward)
        except SESSION_ERRORS as exc:  # no grade: the reward stays 0, the error says why
            if state.get("error") is None:
                state["error"] = SessionError(f"grading at {self.base_url} failed: {exc}")
        finally:
            await self._blocking(close_session, session)

    def close(self) -> None:
        """Stop the session threads, and the server `load_environment` started if it started
        one (verifiers also does this at interpreter exit, through its teardown handlers)."""
        self._threads.shutdown(wait=False)
        server, self._server = self._server, None
        if server is not None:
            from python_env.server.launch import stop_server

            stop_server(server, timeout_s=30)

    @vf.teardown
    async def stop_local_server(self) -> None:
        # Called directly: at interpreter exit (verifiers' atexit hook) no worker thread starts.
        self.close()


def _start_local_server(timeout_s: float,
                        extra_env: dict[str, str] | None) -> tuple[subprocess.Popen, str]:
    from python_env.server.launch import start_server, wait_healthy

    proc, url = start_server(env={**os.environ, **(extra_env or {})}, python=sys.executable)
    try:
        wait_healthy(proc, url, timeout_s)
    except RuntimeError:
        proc.kill()
        raise
    return proc, url


def load_environment(
    base_url: str | None = None,
    split: str = "train",
    count: int = 1,
    task_ids: list[str] | None = None,
    max_turns: int = 40,
    observation_tokens: int = 512,
    first_observation_tokens: int = 2048,
    server_start_timeout_s: float = 300.0,
    server_env: dict[str, str] | None = None,
    **kwargs: Any,
) -> ReviewToolEnv:
    """The verifiers entry point: python_env review episodes against the server at `base_url`
    (one started locally when none is given), on `task_ids` or the first `count` tasks of
    `split`; `max_turns` bounds the model's turns per episode; `server_env` adds environment
    variables for a local server (e.g. its PYTHON_ENV_SANDBOX_BASE_UID). Other keyword arguments go to
    `vf.MultiTurnEnv` (e.g. `system_prompt`)."""
    server = None
    if base_url is None:
        server, base_url = _start_local_server(server_start_timeout_s, server_env)
    rows = review_rows(split=split, count=count, task_ids=task_ids)
    return ReviewToolEnv(base_url, observation_tokens=observation_tokens,
                         first_observation_tokens=first_observation_tokens, server=server,
                         dataset=rows, eval_dataset=rows, max_turns=max_turns,
                         env_id=ENV_ID, **kwargs)
