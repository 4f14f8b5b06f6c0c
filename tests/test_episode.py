"""The Episode object: created whole by reset, swapped atomically, ended by grading, closed with
the environment; and step's `timeout_s`, accepted and ignored."""

from __future__ import annotations

import inspect
import re

import pytest

from python_env.models import Finding, PythonAction, PythonState
from python_env.server.episode import Episode, EpisodeOver
from python_env.server.python_env_environment import PythonEnvironment

from .conftest import EXAMPLE_TASK

FILE = "shop/pagination.py"


@pytest.fixture
def env():
    environment = PythonEnvironment()
    yield environment
    environment.close()


def test_before_reset_there_is_no_episode(env) -> None:
    with pytest.raises(RuntimeError, match=r"call reset\(\) first"):
        _ = env.episode
    assert env.state == PythonState()
    obs = env.step(PythonAction(action_type="run_static_analysis"))
    assert "call reset() first" in obs.last_action_error and not obs.done
    assert obs.task_id == "" and obs.reward == 0.0


def test_reset_builds_a_fresh_episode_and_drops_the_old_one(env, example_task) -> None:
    env.reset(task_id=EXAMPLE_TASK, episode_id="one")
    first = env.episode
    assert (first.task.id, first.state.episode_id, first.state.step_count) == (
        EXAMPLE_TASK, "one", 0)
    assert first.workspace.root.is_dir() and first.workspace.files == example_task.head
    env.step(PythonAction(action_type="add_finding", finding=Finding(
        file=FILE, line=1, category="bug", severity="minor", title="t")))
    env.step(PythonAction(action_type="request_hint"))
    assert (len(first.findings), first.hints_used, first.next_finding_id) == (1, 1, 1)

    obs = env.reset(task_id=EXAMPLE_TASK, episode_id="two")
    second = env.episode
    assert second is not first and env.state is second.state
    assert not first.workspace.root.exists()  # the old workspace is removed
    assert (second.findings, second.hints_used, second.next_finding_id, second.score) == (
        [], 0, 0, None)
    assert obs.findings == [] and obs.hints_used == 0 and obs.steps_remaining == obs.step_budget


def test_a_refused_reset_keeps_the_same_episode(env) -> None:
    env.reset(task_id=EXAMPLE_TASK)
    before = env.episode
    with pytest.raises(ValueError):
        env.reset(task_id="no-such-task")
    assert env.episode is before and before.workspace.root.is_dir()


def test_submit_grades_once_and_ends_the_episode(env) -> None:
    env.reset(task_id=EXAMPLE_TASK)
    episode = env.episode
    env.step(PythonAction(action_type="read_file", path=FILE))
    assert episode.steps_remaining == episode.task.max_steps - 1 and episode.score is None
    obs = env.step(PythonAction(action_type="submit", decision="approve"))
    assert episode.done and env.state.done and episode.score is not None
    assert obs.score == episode.score and obs.reward == episode.score.total
    assert "review submitted" in obs.tool_output
    with pytest.raises(EpisodeOver):
        env.step(PythonAction(action_type="read_file", path=FILE))
    assert env.state.step_count == 2


def test_an_episode_on_its_own(example_task) -> None:
    episode = Episode.start(example_task, "solo")
    try:
        assert episode.state.episode_id == "solo" and episode.state.split == example_task.split
        assert episode.default_decision() == "approve"
        obs = episode.observe("out", "err")
        assert (obs.tool_output, obs.last_action_error, obs.done, obs.reward) == (
            "out", "err", False, 0.0)
        assert [f.path for f in obs.files] == sorted(example_task.head)
        episode.count_step()
        assert episode.state.step_count == 1
        episode.uncount_step()
        episode.state.done = True
        with pytest.raises(EpisodeOver, match="episode is over"):
            episode.count_step()
    finally:
        episode.close()
    assert not episode.workspace.root.exists()
    assert Episode.start(example_task).state.episode_id  # an id is made up when none is given


def test_close_removes_the_workspace_and_refuses_work(env) -> None:
    env.reset(task_id=EXAMPLE_TASK)
    root = env.episode.workspace.root
    env.close()
    assert not root.exists()
    with pytest.raises(RuntimeError, match="closed"):
        env.step(PythonAction(action_type="read_file", path=FILE))
    with pytest.raises(RuntimeError, match="closed"):
        env.reset(task_id=EXAMPLE_TASK)


def test_step_accepts_timeout_s_and_ignores_it() -> None:
    # OpenEnv's HTTP /step passes timeout_s when the body has it: the signature must name it.
    assert "timeout_s" in inspect.signature(PythonEnvironment.step).parameters
    seen = []
    for timeout in (None, 1e-9):
        env = PythonEnvironment()
        try:
            env.reset(task_id=EXAMPLE_TASK, episode_id="timeout")
            # run_tests runs the sandbox: far longer than a nanosecond, and not cut short.
            steps = [env.step(PythonAction(action_type=kind), timeout_s=timeout)
                     for kind in ("run_tests", "run_static_analysis")]
            # the run's wall time, "(81 ms)", is the only part allowed to differ
            seen.append([(re.sub(r"\(\d+ ms\)", "", o.tool_output), o.last_action_error)
                         for o in steps])
        finally:
            env.close()
    assert seen[0] == seen[1]
    assert seen[0][0][1] is None and seen[0][0][0]


def test_read_search_and_findings_number_lines_alike(example_task) -> None:
    # A form feed or U+2028 inside a line is not a line break for findings or the grader (nor
    # for Python): read_file and search must not count it as one either.
    text = "x = 1\n\x0cy = 2\n# a\u2028b\nz = 3\n"
    episode = Episode.start(example_task)
    try:
        episode.workspace.files["odd.py"] = text  # in memory is enough for read and search
        read = episode.workspace.read("odd.py", None, None)
        assert read.startswith("odd.py (lines 1-4 of 4)") and "    4  z = 3" in read
        assert episode.workspace.search("z = 3").startswith("odd.py:4:")
    finally:
        episode.close()
