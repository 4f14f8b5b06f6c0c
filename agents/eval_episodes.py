"""Playing an evaluation's episodes through python_env.rollout (the real client over the
WebSocket) with one baseline agent per episode, and turning each into an EpisodeRecord."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from .. import rollout
from ..models import PythonAction
from ..rollout import AgentPolicy, EpisodeRequest, EpisodeResult, PerEpisode
from ..rollout.runner import StepEvent as RolloutStep
from ..rollout.trajectory import TOOL_OUTPUT_LIMIT
from .base import Agent
from .eval_records import EpisodeRecord, record_from_result
from .eval_tasks import TaskInfo


@dataclass(frozen=True)
class StepEvent:
    """One action of an episode, as `on_step` sees it."""

    task: TaskInfo
    step: int  # steps the environment has counted so far, this one included
    action: PythonAction
    reward: float
    done: bool
    error: str | None  # last_action_error, or why the server refused the action
    refused: bool = False  # the server refused the action before running it: not a step


StepCallback = Callable[[StepEvent], None]
StartCallback = Callable[[TaskInfo], None]
ResultCallback = Callable[[EpisodeResult], None]


def _step_callback(tasks: dict[str, TaskInfo], on_step: StepCallback | None):
    if on_step is None:
        return None

    def forward(event: RolloutStep) -> None:
        on_step(StepEvent(tasks[event.request.task_id or ""], event.step, event.action,
                          event.reward, event.done, event.error, event.refused))

    return forward


async def run_episode(
    url: str,
    task: TaskInfo,
    agent: Agent,
    executor: ThreadPoolExecutor | None = None,
    on_step: StepCallback | None = None,
    message_timeout_s: float = 120.0,
    on_start: StartCallback | None = None,
) -> EpisodeRecord:
    """One episode of `agent` on `task` over a fresh WebSocket session (python_env.rollout).

    `on_start(task)` is called before each attempt's reset, `on_step(StepEvent)` after every
    action. An action the server refuses (it failed validation there) is reported to the agent
    through `last_action_error`; after MAX_REFUSED of them the runner submits on the agent's
    behalf. A dropped connection re-runs the episode from reset.
    """
    def fresh(request: EpisodeRequest) -> AgentPolicy:
        if on_start:
            on_start(task)
        return AgentPolicy(agent)

    result = await rollout.run_episode(
        url, EpisodeRequest(task_id=task.id), PerEpisode(fresh), executor=executor,
        on_step=_step_callback({task.id: task}, on_step), message_timeout_s=message_timeout_s)
    return record_from_result(task, result)


async def run_episodes(
    url: str | list[str],
    tasks: list[TaskInfo],
    make_agent: Callable[[], Agent],
    concurrency: int = 4,
    on_step: StepCallback | None = None,
    on_done: Callable[[EpisodeRecord], None] | None = None,
    message_timeout_s: float = 120.0,
    on_start: StartCallback | None = None,
    on_result: ResultCallback | None = None,
    timeout_s: float | None = None,
    tool_output_limit: int = TOOL_OUTPUT_LIMIT,
) -> list[EpisodeRecord]:
    """Every task once, `concurrency` at a time, over one server or spread over several (`url`
    a list); records in the order of `tasks`. `on_result` sees each rollout result (with its
    trajectory) as it ends, `timeout_s` bounds each episode."""
    by_id = {t.id: t for t in tasks}

    def fresh(request: EpisodeRequest) -> AgentPolicy:
        if on_start:
            on_start(by_id[request.task_id or ""])
        return AgentPolicy(make_agent())

    def finished(result: EpisodeResult) -> None:
        if on_result:
            on_result(result)
        if on_done:
            on_done(record_from_result(by_id[result.request.task_id or ""], result))

    results = await rollout.run_episodes(
        url, PerEpisode(fresh), [EpisodeRequest(task_id=t.id) for t in tasks], concurrency,
        timeout_s, message_timeout_s=message_timeout_s, tool_output_limit=tool_output_limit,
        on_step=_step_callback(by_id, on_step), on_result=finished)
    return [record_from_result(by_id[r.request.task_id or ""], r) for r in results]

