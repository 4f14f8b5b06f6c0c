"""`python-env eval --trajectories` then `python-env replay`: every score reproduced, and a
tampered trajectory caught."""

from __future__ import annotations

import dataclasses
import json

import pytest

from python_env.cli import main
from python_env.rollout import EpisodeRequest, EpisodeResult, Trajectory, read_jsonl, write_jsonl
from python_env.rollout.replay import compare
from python_env.server.tasks.loader import get_bank

TASKS = 3


def _train_ids() -> list[str]:
    bank = get_bank()
    buggy = [t.id for t in bank.split("train") if t.derived is not None and not t.clean]
    clean = [t.id for t in bank.split("train") if t.derived is not None and t.clean]
    return buggy[:TASKS - 1] + clean[:1]


@pytest.fixture(scope="module", params=["oracle", "null"])
def recorded(request, server_url, tmp_path_factory):
    directory = tmp_path_factory.mktemp(request.param)
    path, report = directory / "t.jsonl", directory / "report.json"
    code = main(["eval", "--agent", request.param, "--split", "train", "--tasks", *_train_ids(),
                 "--url", server_url, "--no-progress", "--json", str(report),
                 "--trajectories", str(path)])
    assert code == 0
    return request.param, path, json.loads(report.read_text())


def test_eval_writes_one_trajectory_per_episode(recorded):
    agent, path, report = recorded
    trajectories = list(read_jsonl(path))
    assert [t.task_id for t in trajectories] == _train_ids()
    scores = {e["task_id"]: e["score"] for e in report["episodes"]}
    for t in trajectories:
        assert t.score == scores[t.task_id] and t.error is None
        assert t.reward_version == report["reward_version"]
        assert t.steps[-1].action["action_type"] == "submit" and t.steps[-1].done
        assert t.breakdown["total"] == t.score
    if agent == "oracle":
        assert all(t.score == 1.0 for t in trajectories)


def test_replay_reproduces_every_score(recorded, server_url, tmp_path, capsys):
    _, path, _ = recorded
    out = tmp_path / "replay.json"
    assert main(["replay", str(path), "--url", server_url, "--json", str(out)]) == 0
    results = json.loads(out.read_text())
    assert [r["status"] for r in results] == ["ok"] * TASKS
    assert all(r["recorded"] == r["replayed"] for r in results)
    assert f"{TASKS} reproduced, 0 failed" in capsys.readouterr().out


def test_replay_catches_a_trajectory_that_does_not_reproduce(recorded, server_url, tmp_path):
    agent, path, _ = recorded
    trajectories = list(read_jsonl(path))
    if agent == "oracle":  # drop the patch: the same findings now score less
        first = trajectories[0]
        first.steps = [s for s in first.steps if s.action["action_type"] != "propose_patch"]
    else:  # a recorded score the actions cannot reach
        trajectories[0].score = 0.5
    tampered = tmp_path / "tampered.jsonl"
    write_jsonl(trajectories, tampered)
    out = tmp_path / "replay.json"
    assert main(["replay", str(tampered), "--url", server_url, "--json", str(out)]) == 1
    results = json.loads(out.read_text())
    assert [r["status"] for r in results] == ["mismatch"] + ["ok"] * (TASKS - 1)
    assert results[0]["detail"].startswith("score ")


def test_replay_refuses_a_file_that_is_not_trajectories(tmp_path):
    path = tmp_path / "x.jsonl"
    path.write_text('{"agent": "oracle"}\n')
    assert main(["replay", str(path), "--url", "http://127.0.0.1:9"]) == 2


def test_the_cli_default_tool_output_limit_is_the_trajectory_default() -> None:
    # eval_args keeps its own copy so that building the CLI parser stays light.
    from python_env.agents.eval_args import TOOL_OUTPUT_LIMIT as parser_default
    from python_env.rollout.trajectory import TOOL_OUTPUT_LIMIT

    assert parser_default == TOOL_OUTPUT_LIMIT


def _trajectory(rewards: list[float], score: float, breakdown: dict | None = None,
                outputs: list[str] | None = None) -> Trajectory:
    from python_env.rollout.trajectory import TrajectoryStep

    steps = [TrajectoryStep(action={"action_type": "read_file"},
                            observation={"tool_output": (outputs or [""] * len(rewards))[i],
                                         "steps_remaining": 9 - i},
                            reward=r, done=i == len(rewards) - 1)
             for i, r in enumerate(rewards)]
    return Trajectory(task_id="t", reset={}, steps=steps, reward_version="v", score=score,
                      breakdown=breakdown or {"total": score})


def _replayed(trajectory: Trajectory) -> EpisodeResult:
    return EpisodeResult(request=EpisodeRequest(task_id="t"), task_id="t", url="",
                         score=trajectory.score or 0.0, breakdown=None, observation=None,
                         steps=len(trajectory.steps), attempts=1, seconds=0.0,
                         trajectory=trajectory)


def test_compare_names_what_differs_first():
    recorded = _trajectory([0.0, 0.5], 0.5, outputs=["a (3 ms)", "b"])
    same = compare(recorded, _replayed(_trajectory([0.0, 0.5], 0.5, outputs=["a (9 ms)", "c"])))
    assert (same.status, same.tool_output_differences) == ("ok", 1)  # durations aside
    moved = _trajectory([0.1, 0.5], 0.5)
    assert compare(recorded, _replayed(moved)).detail == \
        "step 1 (read_file): reward/done 0.0/False -> 0.1/False"
    seen = _trajectory([0.0, 0.5], 0.5)
    seen.steps[1].observation["steps_remaining"] = 3
    assert compare(recorded, _replayed(seen)).detail == \
        "step 2 (read_file): observation differs in steps_remaining"
    shorter = _trajectory([0.0], 0.25, breakdown={"total": 0.25, "extra": 1})
    assert compare(recorded, _replayed(shorter)).detail == (
        "score 0.5 -> 0.25; 2 steps recorded, 1 replayed; step 1 (read_file): reward/done "
        "0.0/False -> 0.0/True; breakdown differs in extra, total")
    failed = compare(recorded, dataclasses.replace(_replayed(seen), error="lost"))
    assert (failed.status, failed.detail, failed.replayed) == ("error", "lost", None)
