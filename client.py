"""PythonEnv: the typed WebSocket client of the python_env environment (no server imports)."""

from __future__ import annotations

from typing import Any

from openenv.core.client_types import StepResult
from openenv.core.env_client import EnvClient

from .models import PythonAction, PythonObservation, PythonState


class ServerError(RuntimeError):
    """An error answer from the server, with its code and, for invalid actions, the details."""

    def __init__(self, message: str, code: str, errors: list[dict[str, Any]]):
        details = "; ".join(
            f"{'.'.join(str(p) for p in e.get('loc', ())) or 'action'}: {e.get('msg')}"
            for e in errors
        )
        super().__init__(
            f"Server error: {message}{' - ' + details if details else ''} (code: {code})"
        )
        self.code = code
        self.errors = errors


class PythonEnv(EnvClient[PythonAction, PythonObservation, PythonState]):
    """One WebSocket session = one environment on the server.

    Example:
        >>> with PythonEnv(base_url="http://localhost:8000").sync() as env:
        ...     result = env.reset(split="test", index=0)
        ...     result = env.step(PythonAction(action_type="run_tests"))
        ...     result = env.step(PythonAction(action_type="submit", decision="approve"))
        ...     print(result.reward, result.observation.score)
    """

    async def _send_and_receive(self, message: dict[str, Any]) -> dict[str, Any]:
        # EnvClient's version drops the validation details the server sends; keep them, so an
        # agent learns which field of its action was wrong.
        try:
            return await super()._send_and_receive(message)
        except RuntimeError as exc:
            data = getattr(self, "_last_error", None)
            if data is None:
                raise
            self._last_error = None
            raise ServerError(data.get("message", str(exc)), data.get("code", "UNKNOWN"),
                              data.get("errors") or []) from None

    async def _receive(self) -> dict[str, Any]:
        response = await super()._receive()
        self._last_error = response.get("data") if response.get("type") == "error" else None
        return response

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

    @classmethod
    def from_env(cls, repo_id: str, *, use_docker: bool = True, provider: Any = None,
                 **provider_kwargs: Any):
        """EnvClient.from_env; with `use_docker=False`, the server is started by
        ProjectUVProvider (project_provider.py): the app openenv.yaml declares, a start-up wait
        that fits a cold `uv run --isolated`, and an early error if the server dies starting.

        >>> env = PythonEnv.from_env("python_env", use_docker=False, project_path=".").sync()
        """
        if not use_docker and provider is None:
            from .project_provider import ProjectUVProvider

            options = {k: provider_kwargs.pop(k) for k in
                       ("app", "host", "reload", "context_timeout_s") if k in provider_kwargs}
            project_path = provider_kwargs.pop(
                "project_path", f"git+https://huggingface.co/spaces/{repo_id}")
            provider = ProjectUVProvider(project_path=project_path, **options)
        return super().from_env(repo_id, use_docker=use_docker, provider=provider,
                                **provider_kwargs)
