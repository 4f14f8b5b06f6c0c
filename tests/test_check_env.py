"""check_env: passes on the real environment (in process and over the WebSocket), and catches
an environment that breaks its contract."""

from __future__ import annotations

import pytest

from python_env import EnvCheckError, check_env
from python_env.check import check_schema
from python_env.server.python_env_environment import PythonEnvironment


def test_the_environment_passes_in_process() -> None:
    check_env()


def test_the_environment_passes_over_the_websocket(server_url: str) -> None:
    check_env(base_url=server_url, resets=({"split": "validation", "index": 1},))


def test_the_schema_agrees_with_the_manifest() -> None:
    assert check_schema() == []


class _PaysEarly(PythonEnvironment):
    """Pays a reward for reading a file: a leak check_env must report."""

    def step(self, action, timeout_s=None, **kwargs):
        obs = super().step(action, timeout_s, **kwargs)
        if action.action_type == "read_file":
            obs.reward = 0.5
        return obs


class _Forgetful(PythonEnvironment):
    """Ignores the task asked for: reset is not deterministic."""

    calls = 0

    def reset(self, seed=None, episode_id=None, **kwargs):
        _Forgetful.calls += 1
        return super().reset(split="train", index=_Forgetful.calls % 3)


@pytest.mark.parametrize(("env_cls", "needle"), [
    (_PaysEarly, "read_file paid or ended the episode before submit"),
    (_Forgetful, "reset is not deterministic"),
])
def test_a_broken_contract_is_reported(env_cls: type, needle: str) -> None:
    env = env_cls()
    try:
        with pytest.raises(EnvCheckError) as caught:
            check_env(env, resets=({"split": "train", "index": 0},))
    finally:
        env.close()
    assert any(needle in problem for problem in caught.value.problems), caught.value.problems
