"""Session management: capacity and the idle reaper, over real WebSockets."""

from __future__ import annotations

import time

import pytest

from python_env import PythonAction, PythonEnv
from python_env.server.app import build_app

from .conftest import EXAMPLE_TASK, serve


def test_capacity_is_enforced_and_freed():
    with serve(build_app(max_concurrent_envs=2, session_timeout=300)) as url:
        first, second = PythonEnv(base_url=url).sync(), PythonEnv(base_url=url).sync()
        with first, second:
            first.reset(task_id=EXAMPLE_TASK)
            second.reset(task_id=EXAMPLE_TASK)
            with pytest.raises(Exception, match=r"CAPACITY_REACHED|capacity"), \
                    PythonEnv(base_url=url).sync() as third:
                third.reset(task_id=EXAMPLE_TASK)
        time.sleep(0.3)
        with PythonEnv(base_url=url).sync() as again:
            assert again.reset(task_id=EXAMPLE_TASK).observation.task_id == EXAMPLE_TASK


def test_idle_sessions_are_reaped_and_refuse_work_clearly():
    # OpenEnv's reaper wakes every max(timeout / 4, 5 s).
    with serve(build_app(max_concurrent_envs=4, session_timeout=1.0)) as url, \
            PythonEnv(base_url=url).sync() as env:
        env.reset(task_id=EXAMPLE_TASK)
        time.sleep(6.5)
        with pytest.raises(RuntimeError, match="closed"):
            env.step(PythonAction(action_type="run_tests"))
