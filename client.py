"""PythonEnv: the typed WebSocket client of the python_env environment (no server imports)."""

from __future__ import annotations

from typing import Any

from openenv.core import EnvClient
from openenv.core.client_types import StepResult

from .models import PythonAction, PythonObservation, PythonState


class PythonEnv(EnvClient[PythonAction, PythonObservation, PythonState]):
    """One WebSocket session = one environment on the server.

    Example:
        >>> with PythonEnv(base_url="http://localhost:8000").sync() as env:
        ...     result = env.reset(split="test", index=0)
        ...     result = env.step(PythonAction(action_type="run_tests"))
        ...     result = env.step(PythonAction(action_type="submit", decision="approve"))
        ...     print(result.reward, result.observation.score)
    """

    def _step_payload(self, action: PythonAction) -> dict[str, Any]:
        return action.model_dump(exclude={"metadata"}, exclude_none=True, mode="json")

    def _parse_result(self, payload: dict[str, Any]) -> StepResult[PythonObservation]:
        fields = dict(payload.get("observation", {}))
        fields["done"] = payload.get("done", False)
        fields["reward"] = payload.get("reward")
        observation = PythonObservation.model_validate(fields)
        return StepResult(
            observation=observation,
            reward=payload.get("reward"),
            done=payload.get("done", False),
            metadata=payload.get("metadata"),
        )

    def _parse_state(self, payload: dict[str, Any]) -> PythonState:
        return PythonState.model_validate(payload)
