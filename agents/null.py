"""The null reviewer: approves without looking. The floor on buggy PRs."""

from __future__ import annotations

from ..models import PythonAction, PythonObservation
from .base import ScriptedAgent


class NullAgent(ScriptedAgent):
    name = "null"

    def plan(self, observation: PythonObservation) -> list[PythonAction]:
        return [PythonAction(action_type="submit", decision="approve")]
