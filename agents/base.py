"""What every baseline policy implements: see an observation, choose the next action."""

from __future__ import annotations

from typing import Protocol

from ..models import PythonAction, PythonObservation


class Agent(Protocol):
    name: str

    def begin(self, observation: PythonObservation) -> None:
        """Called with the observation returned by reset()."""

    def act(self, observation: PythonObservation) -> PythonAction:
        """The next action; the episode ends when the environment says done."""


class ScriptedAgent:
    """An agent that plans its whole episode from the first observation."""

    name = "scripted"

    def __init__(self) -> None:
        self._plan: list[PythonAction] = []

    def plan(self, observation: PythonObservation) -> list[PythonAction]:
        raise NotImplementedError

    def begin(self, observation: PythonObservation) -> None:
        self._plan = self.plan(observation)

    def act(self, observation: PythonObservation) -> PythonAction:
        if self._plan:
            return self._plan.pop(0)
        return PythonAction(action_type="submit", decision="approve")
