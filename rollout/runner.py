"""Run episodes against python_env servers: N at a time, over one or many URLs.

Each episode is one WebSocket session (`PythonEnv`): reset with the request's options, then the
policy is asked for an action at every step until the environment says done. A policy is a
callable `observation -> action`, sync (run in a worker thread, so a blocking model call does not
stall the other episodes) or async (awaited). `PerEpisode(factory)` makes a fresh policy for every
episode attempt, for policies that keep state; `agent_policy(make_agent)` adapts the baseline
agents (`begin` + `act`).

Failures: a dropped connection (the server went away, a proxy cut the socket, the connect failed,
a message unanswered for `message_timeout_s`) or an action that raised on the server re-runs the
episode from reset with the same request and a fresh policy, on the least-loaded other URL when
there is one, up to `max_attempts` attempts. An action the server refuses before running it (it
fails validation there) is not a step: the policy sees the error in `last_action_error` and acts
again (after MAX_REFUSED refusals the runner submits). `timeout_s` bounds an episode's whole
wall time, retries included. An episode that fails anyway comes back with `error` set and score
0; `run_episodes` never raises for one episode's failure.
"""

from __future__ import annotations

import asyncio
import inspect
import itertools
import time
from collections.abc import Awaitable, Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from websockets.exceptions import ConnectionClosed

from ..client import PythonEnv, ServerError
from ..models import PythonAction, PythonObservation, ScoreBreakdown
from .trajectory import (
    TOOL_OUTPUT_LIMIT,
    Trajectory,
    TrajectoryStep,
    action_payload,
    observation_payload,
)

Policy = Callable[[PythonObservation], PythonAction | Awaitable[PythonAction]]
MAX_REFUSED = 5  # actions the server refuses (validation) before the runner submits itself


class SessionLost(ConnectionError):
    """The server answered from a session without the episode.

    OpenEnv's client re-opens a socket the far end closed on the next call, silently: the step
    then reaches a fresh session with no episode, which answers "call reset() first" and never
    ends. The observation's task id is how that shows (empty instead of the episode's).
    """


class StepFailed(RuntimeError):
    """An action raised on the server (not refused by validation): the attempt is lost."""


VALIDATION_ERROR = "VALIDATION_ERROR"  # OpenEnv's code for an action refused before it ran
# Worth a new attempt from reset: a dropped connection (ConnectionError, a failed connect, and
# SessionLost are OSErrors; so is TimeoutError, a message that never got an answer), or an
# action that raised on the server.
RETRYABLE: tuple[type[BaseException], ...] = (ConnectionClosed, OSError, StepFailed)


@dataclass(frozen=True)
class EpisodeRequest:
    """Which task an episode plays: a task id, or a split with an index or a seed."""

    task_id: str | None = None
    split: str | None = None
    index: int | None = None
    seed: int | None = None

    def reset_options(self) -> dict[str, Any]:
        """The keyword arguments of `reset()` (the ones given)."""
        options = {"task_id": self.task_id, "split": self.split, "index": self.index,
                   "seed": self.seed}
        return {k: v for k, v in options.items() if v is not None}

    @classmethod
    def of(cls, task: str | EpisodeRequest) -> EpisodeRequest:
        return task if isinstance(task, EpisodeRequest) else cls(task_id=task)


class PerEpisode:
    """A policy made afresh for each episode attempt: `factory(request) -> Policy`."""

    def __init__(self, factory: Callable[[EpisodeRequest], Policy]):
        self.factory = factory


class AgentPolicy:
    """A baseline agent (`begin(observation)`, then `act(observation)` each step) as a policy."""

    def __init__(self, agent: Any):
        self.agent = agent
        self._begun = False

    def __call__(self, observation: PythonObservation) -> PythonAction:
        if not self._begun:
            self._begun = True
            self.agent.begin(observation)
        return self.agent.act(observation)


def agent_policy(make_agent: Callable[[], Any]) -> PerEpisode:
    """A fresh agent from `make_agent()` for every episode attempt."""
    return PerEpisode(lambda request: AgentPolicy(make_agent()))


@dataclass(frozen=True)
class StepEvent:
    """One action of an episode attempt, as `on_step` sees it."""

    request: EpisodeRequest
    url: str
    attempt: int  # 1 for the first attempt
    step: int  # steps the environment has counted so far, this one included
    action: PythonAction
    observation: PythonObservation
    reward: float
    done: bool
    error: str | None  # last_action_error, or why the server refused the action
    refused: bool = False  # the server refused the action before running it: not a step


@dataclass
class EpisodeResult:
    """How an episode ended: the score (0 when it failed), the breakdown and the trajectory."""

    request: EpisodeRequest
    task_id: str  # the task played (known after reset; the request's id before)
    url: str  # the server of the last attempt
    score: float
    breakdown: ScoreBreakdown | None
    observation: PythonObservation | None  # the final one (None when the episode failed)
    steps: int
    attempts: int
    seconds: float
    trajectory: Trajectory
    error: str | None = None
    policy: Any = field(default=None, repr=False)  # the last attempt's policy

    @property
    def ok(self) -> bool:
        return self.error is None


class _Balancer:
    """Picks the URL with the fewest episodes in flight (round robin among equals)."""

    def __init__(self, urls: Sequence[str]):
        if not urls:
            raise ValueError("no server URL")
        self.urls = list(urls)
        self.load = [0] * len(self.urls)
        self._turn = itertools.count()

    def acquire(self, avoid: str | None = None) -> str:
        start = next(self._turn)
        order = [(start + i) % len(self.urls) for i in range(len(self.urls))]
        candidates = [i for i in order if self.urls[i] != avoid] or order
        best = min(candidates, key=lambda i: self.load[i])
        self.load[best] += 1
        return self.urls[best]

    def release(self, url: str) -> None:
        self.load[self.urls.index(url)] -= 1


def _is_async(policy: Any) -> bool:
    call = type(policy).__call__ if not inspect.isfunction(policy) else policy
    return inspect.iscoroutinefunction(policy) or inspect.iscoroutinefunction(call)


async def _ask(policy: Policy, observation: PythonObservation,
               executor: ThreadPoolExecutor | None) -> PythonAction:
    if _is_async(policy):
        action = await policy(observation)  # type: ignore[misc]
    else:
        action = await asyncio.get_running_loop().run_in_executor(executor, policy, observation)
        if inspect.isawaitable(action):
            action = await action
    if not isinstance(action, PythonAction):
        raise TypeError(f"the policy returned {type(action).__name__}, not a PythonAction")
    return action


async def _attempt(url: str, request: EpisodeRequest, policy: Policy, trajectory: Trajectory,
                   attempt: int, executor: ThreadPoolExecutor | None,
                   on_step: Callable[[StepEvent], None] | None,
                   message_timeout_s: float) -> PythonObservation:
    """One attempt; fills `trajectory` and returns the final observation."""
    limit = trajectory.tool_output_limit
    async with PythonEnv(base_url=url, message_timeout_s=message_timeout_s) as env:
        result = await env.reset(**request.reset_options())
        observation = result.observation
        trajectory.task_id = observation.task_id
        trajectory.initial = observation_payload(observation, limit, static=True)
        refused = steps = 0
        while not result.done:
            if refused >= MAX_REFUSED:
                action = PythonAction(
                    action_type="submit",
                    decision="request_changes" if observation.findings else "approve")
            else:
                action = await _ask(policy, observation, executor)
            try:
                result = await env.step(action)
            except ServerError as exc:
                if exc.code != VALIDATION_ERROR:
                    # It ran and raised on the server (OpenEnv answers EXECUTION_ERROR): the
                    # episode's state there is unknown, so the attempt is lost.
                    raise StepFailed(f"{action.action_type} failed on the server: {exc}") from exc
                if refused > MAX_REFUSED:  # refused before it ran: not a step
                    raise
                refused += 1
                observation = observation.model_copy(
                    update={"tool_output": "", "last_action_error": str(exc)})
                trajectory.steps.append(TrajectoryStep(
                    action.model_dump(exclude={"metadata"}, mode="json"), None, 0.0, False,
                    str(exc), refused=True))
                if on_step:
                    on_step(StepEvent(request, url, attempt, steps, action, observation, 0.0,
                                      False, str(exc), True))
                continue
            if result.observation.task_id != trajectory.task_id:
                raise SessionLost(f"the session lost the episode of {trajectory.task_id} "
                                  f"(it answered: {result.observation.last_action_error})")
            steps += 1
            observation = result.observation
            reward = float(result.reward or 0.0)
            trajectory.steps.append(TrajectoryStep(
                action_payload(action), observation_payload(observation, limit, static=False),
                reward, bool(result.done), observation.last_action_error))
            if on_step:
                on_step(StepEvent(request, url, attempt, steps, action, observation, reward,
                                  bool(result.done), observation.last_action_error))
    return observation


async def _run(balancer: _Balancer, request: EpisodeRequest, policy: Policy | PerEpisode,
               timeout_s: float | None, max_attempts: int, message_timeout_s: float,
               tool_output_limit: int, executor: ThreadPoolExecutor | None,
               on_step: Callable[[StepEvent], None] | None) -> EpisodeResult:
    started = time.monotonic()
    url = balancer.acquire()
    attempt, error, final, current = 0, None, None, None
    trajectory = Trajectory(request.task_id or "", request.reset_options(),
                            tool_output_limit=tool_output_limit)
    try:
        async with asyncio.timeout(timeout_s):
            while True:
                attempt += 1
                current = policy.factory(request) if isinstance(policy, PerEpisode) else policy
                trajectory = Trajectory(trajectory.task_id, request.reset_options(),
                                        tool_output_limit=tool_output_limit)
                try:
                    final = await _attempt(url, request, current, trajectory, attempt, executor,
                                           on_step, message_timeout_s)
                    break
                except RETRYABLE as exc:
                    if attempt >= max_attempts:
                        raise
                    error = exc
                    balancer.release(url)
                    url = balancer.acquire(avoid=url)
        error = None
    except TimeoutError:
        error = TimeoutError(f"the episode took longer than {timeout_s:g} s"
                             + (f" (last error: {error})" if error else ""))
    except Exception as exc:
        error = exc
    finally:
        balancer.release(url)
    breakdown = final.score if final is not None else None
    score = float(breakdown.total) if breakdown is not None and error is None else 0.0
    trajectory.url, trajectory.attempts = url, attempt
    trajectory.seconds = round(time.monotonic() - started, 3)
    message = f"{type(error).__name__}: {error}" if error is not None else None
    if message is None and breakdown is not None:
        trajectory.score, trajectory.reward_version = score, breakdown.reward_version
        trajectory.breakdown = breakdown.model_dump(mode="json")
    trajectory.error = message
    return EpisodeResult(
        request=request, task_id=trajectory.task_id, url=url, score=score, breakdown=breakdown,
        observation=final, steps=sum(not s.refused for s in trajectory.steps), attempts=attempt,
        seconds=trajectory.seconds, trajectory=trajectory, error=message, policy=current)


async def run_episode(
    url: str | Sequence[str],
    task: str | EpisodeRequest,
    policy: Policy | PerEpisode,
    *,
    timeout_s: float | None = None,
    max_attempts: int = 3,
    message_timeout_s: float = 120.0,
    tool_output_limit: int = TOOL_OUTPUT_LIMIT,
    executor: ThreadPoolExecutor | None = None,
    on_step: Callable[[StepEvent], None] | None = None,
) -> EpisodeResult:
    """One episode of `policy` on `task` (a task id or an `EpisodeRequest`); never raises for
    the episode's own failure (see `EpisodeResult.error`)."""
    urls = [url] if isinstance(url, str) else list(url)
    return await _run(_Balancer(urls), EpisodeRequest.of(task), policy, timeout_s,
                      max(1, max_attempts), message_timeout_s, tool_output_limit, executor,
                      on_step)


async def run_episodes(
    urls: str | Sequence[str],
    policy: Policy | PerEpisode,
    tasks: Sequence[str | EpisodeRequest],
    concurrency: int = 4,
    timeout_s: float | None = None,
    *,
    max_attempts: int = 3,
    message_timeout_s: float = 120.0,
    tool_output_limit: int = TOOL_OUTPUT_LIMIT,
    on_step: Callable[[StepEvent], None] | None = None,
    on_result: Callable[[EpisodeResult], None] | None = None,
) -> list[EpisodeResult]:
    """Every task once, `concurrency` episodes at a time, spread over `urls` (each episode goes
    to the server with the fewest in flight). Results come back in the order of `tasks`.

    `timeout_s` bounds each episode (retries included); `max_attempts` bounds the attempts of an
    episode whose connection drops; `on_step` sees every action, `on_result` every episode as it
    ends.
    """
    balancer = _Balancer([urls] if isinstance(urls, str) else list(urls))
    semaphore = asyncio.Semaphore(max(1, concurrency))
    with ThreadPoolExecutor(max_workers=max(1, concurrency),
                            thread_name_prefix="rollout-policy") as executor:
        async def one(task: str | EpisodeRequest) -> EpisodeResult:
            async with semaphore:
                result = await _run(balancer, EpisodeRequest.of(task), policy, timeout_s,
                                    max(1, max_attempts), message_timeout_s, tool_output_limit,
                                    executor, on_step)
            if on_result:
                on_result(result)
            return result

        return list(await asyncio.gather(*(one(t) for t in tasks)))


def run_episodes_sync(*args: Any, **kwargs: Any) -> list[EpisodeResult]:
    """`run_episodes` for callers without an event loop (same arguments)."""
    return asyncio.run(run_episodes(*args, **kwargs))
