"""The environment: reset, step, state and close of a Python code review, over OpenEnv.

The story of an episode, and nothing else: `reset` builds an `Episode` (episode.py), `step`
runs the action's handler (actions.py) and, when the action or the step budget ends the review,
grades it (grading/review.py). Ground truth stays in the episode's task; observations and state
carry only what the reviewer may see.
"""

from __future__ import annotations

import logging
from typing import Any

from openenv.core.env_server.interfaces import Environment
from openenv.core.env_server.types import EnvironmentMetadata

from ..action_table import ACTION_SPECS
from ..models import PythonAction, PythonObservation, PythonState, ResetOptions
from . import actions
from .episode import Episode, EpisodeOver
from .fair_slots import SandboxBusy
from .grading.review import grade_episode
from .grading.rubric import ReviewRubric
from .grading.summary import score_summary
from .task_selection import select_task
from .tasks.api import TaskApiMixin

__all__ = ["EpisodeOver", "PythonEnvironment"]

log = logging.getLogger(__name__)


class PythonEnvironment(TaskApiMixin, Environment[PythonAction, PythonObservation, PythonState]):
    SUPPORTS_CONCURRENT_SESSIONS = True
    rubric: ReviewRubric

    def __init__(self) -> None:
        super().__init__(rubric=ReviewRubric())
        self._episode: Episode | None = None
        self._closed = False

    @property
    def episode(self) -> Episode:
        """The current episode; a clear error before the first reset."""
        if self._episode is None:
            raise RuntimeError("no episode: call reset() first")
        return self._episode

    def reset(
        self,
        /,
        seed: int | None = None,
        episode_id: str | None = None,
        **options: Any,
    ) -> PythonObservation:
        """Start an episode. Whole or nothing: a refused reset leaves the session as it was.

        `self` is positional-only so that a client's option named "self" is refused like any
        other unknown option instead of breaking the call.
        """
        self._check_open()
        opts = ResetOptions.model_validate({"seed": seed, "episode_id": episode_id, **options})
        task = select_task(opts)
        if task.derived is None:
            raise ValueError(f"task {task.id!r} is not validated (no expected.json)")
        episode = Episode.start(task, opts.episode_id)  # built whole before the swap
        if self._episode is not None:
            self._episode.close()
        self._episode = episode
        self._reset_rubric()
        return episode.observe(tool_output=episode.welcome())

    # No **kwargs: OpenEnv's HTTP /step passes on only the extra body fields a signature names,
    # and spreads them into its own calls, where a field such as "self" or "func" breaks them.
    def step(self, action: PythonAction, timeout_s: float | None = None) -> PythonObservation:
        """Run one action; grade the review when it is submitted or the budget runs out.

        `timeout_s` is accepted (OpenEnv's HTTP /step passes it) and deliberately ignored:
        every action is bounded by its own limits (sandbox jobs by their time limits, reads
        and searches by size caps), OpenEnv's WebSocket never passes it, and HTTP /step runs
        on a fresh environment that has no episode to step.
        """
        self._check_open()
        episode = self._episode
        if episode is None:
            return PythonObservation(last_action_error="no episode: call reset() first",
                                     reward=0.0, done=False)
        episode.count_step()
        output, error = actions.run(episode, action)
        if ACTION_SPECS[action.action_type].ends_episode:
            return self._finish(episode, action.decision, output, error)
        if episode.steps_remaining <= 0:
            decision = episode.default_decision()
            return self._finish(episode, decision, f"{output}\n\nstep budget exhausted: review "
                                f"submitted with decision {decision}".strip(), error)
        return episode.observe(tool_output=output, error=error)

    def _finish(self, episode: Episode, decision: str | None, note: str,
                error: str | None = None) -> PythonObservation:
        try:
            score = grade_episode(episode, self.rubric, decision)
        except Exception as exc:
            # Grading runs the sandbox; if it fails, the review is kept and the episode stays
            # open (the step is not counted), so the reviewer can submit again: never a 500.
            if not isinstance(exc, SandboxBusy):
                log.exception("grading %s failed", episode.task.id)
            episode.uncount_step()
            reason = str(exc) if isinstance(exc, SandboxBusy) else type(exc).__name__
            return episode.observe(error=f"grading failed ({reason}); the review is kept: "
                                   "submit again")
        episode.end(score)
        return episode.observe(tool_output=f"{note}\n{score_summary(score)}", error=error)

    @property
    def state(self) -> PythonState:
        return self._episode.state if self._episode is not None else PythonState()

    def close(self) -> None:
        self._closed = True
        if self._episode is not None:
            self._episode.close()

    def _check_open(self) -> None:
        if self._closed:
            raise RuntimeError(
                "this session's environment was closed (idle timeout or shutdown); "
                "open a new connection"
            )

    def get_metadata(self) -> EnvironmentMetadata:
        return EnvironmentMetadata(
            name="python_env",
            description="Review a Python pull request: find its defects, optionally patch them, "
            "and approve or request changes. Graded by hidden, sandboxed checks.",
            version="0.1.0",
        )
