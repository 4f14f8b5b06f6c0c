"""The TRL environment's tools against the live server (no torch needed): each of the nine
actions reaches the server, observations stay within their token budget, the reward is the
server's final score."""

from __future__ import annotations

import pytest

from python_env.integrations.trl import (
    EpisodeRecord,
    ReviewEnvironment,
    approx_tokens,
    clip_to_tokens,
)
from python_env.models import ACTION_TYPES
from python_env.server.grading.rubric import REWARD_VERSION

CLEAN_TASK = "jsonl-tool-sample-command"


def test_clip_to_tokens_fits_the_budget_and_says_so() -> None:
    text = "word " * 2000
    clipped = clip_to_tokens(text, 100)
    assert approx_tokens(clipped) <= 100
    assert clipped.startswith("word word") and "of 10000 characters shown" in clipped
    assert clip_to_tokens("short", 100) == "short"


def test_tools_are_exactly_the_nine_actions() -> None:
    public = {n for n in vars(ReviewEnvironment) if not n.startswith("_") and callable(
        getattr(ReviewEnvironment, n))}
    assert public - {"reset", "get_reward"} == set(ACTION_TYPES)


def test_an_episode_through_the_tools(server_url: str, example_task) -> None:
    history: list[EpisodeRecord] = []
    env = ReviewEnvironment(server_url, observation_tokens=120, history=history)
    first = env.reset(task_id=example_task.id, prompt=[{"role": "user", "content": "x"}])
    assert example_task.title in first
    path = example_task.changed_files[0]
    for out in (env.read_file(path, start_line=1, end_line=400), env.search("def "),
                env.run_static_analysis(), env.request_hint()):
        assert approx_tokens(out) <= 120 and not out.startswith("Error")
    issue = example_task.issues[0]
    added = env.add_finding(file=issue.file, line=issue.start_line, category=issue.category,
                            severity=issue.severity, title="the reported defect")
    assert "[0]" in added
    assert "Error" in env.add_finding(file=path, line=1, category="nonsense", severity="major",
                                      title="t")
    assert "Error" in env.read_file("no/such/file.py")
    env.remove_finding(0)
    env.add_finding(file=issue.file, line=issue.start_line, category=issue.category,
                    severity=issue.severity, title="the reported defect")
    final = env.submit("request_changes")
    assert "already submitted" in env.run_tests()
    reward = env.get_reward()
    assert f"Final score: {reward:.3f}" in final
    (episode,) = history
    assert episode.submitted_by_model and episode.reward == reward
    assert episode.reward_version == REWARD_VERSION
    assert episode.actions[:4] == ["read_file", "search", "run_static_analysis", "request_hint"]
    env._close()


def test_unsubmitted_episode_is_scored_by_the_server(server_url: str) -> None:
    env = ReviewEnvironment(server_url)
    env.reset(task_id=CLEAN_TASK)
    assert env.get_reward() == pytest.approx(1.0)  # approve, the server's default with no finding
    assert not env.episode.submitted_by_model  # type: ignore[union-attr]
    env.reset(task_id=CLEAN_TASK)
    env.submit("request_changes")
    assert env.get_reward() < 1.0
    env._close()
