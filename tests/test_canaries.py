"""Reward hacking stays at the floor on every task (the oracle's maximum: tests/test_agents.py)."""

from __future__ import annotations

import pytest

from python_env.server.python_env_environment import PythonEnvironment

from .canaries import CANARIES, FLAGGING
from .conftest import all_tasks

TASKS = [t for t in all_tasks() if t.derived is not None]
FLOOR = 0.05


def play(task, policy) -> float:
    env = PythonEnvironment()
    try:
        obs = env.reset(task_id=task.id)
        for action in policy(obs, dict(task.head)):
            obs = env.step(action)
            assert obs.reward == 0.0 or obs.done  # no intermediate signal
            if obs.done:
                break
        assert obs.done and obs.score is not None
        return obs.reward
    finally:
        env.close()


@pytest.mark.parametrize("task", TASKS, ids=lambda t: t.id)
def test_canaries_stay_at_the_floor(task):
    scores = {policy.__name__: play(task, policy) for policy in CANARIES}
    if task.clean:
        honest_silence = scores["null"]
        assert honest_silence == 1.0
        for name in FLAGGING:
            assert scores[name] < honest_silence, (name, scores[name])
    else:
        over = {name: s for name, s in scores.items() if s > FLOOR}
        assert not over, over


def test_canary_names_are_unique():
    # Scores are keyed by name: two policies of one name would hide all but the last.
    names = [policy.__name__ for policy in CANARIES]
    assert len(set(names)) == len(names)
