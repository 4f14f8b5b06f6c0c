"""python_env.rollout: run episodes at scale and keep them as trajectories.

    from python_env.rollout import run_episodes_sync, EpisodeRequest

    results = run_episodes_sync(["http://127.0.0.1:8000"], policy, ["pagination-off-by-one"],
                                concurrency=4, timeout_s=300)
    for r in results:
        print(r.task_id, r.score, r.error)
        line = r.trajectory.to_json()   # one JSON line; Trajectory.from_json(line) reads it back

`policy` is `observation -> PythonAction` (sync or async), or `PerEpisode(factory)` for a fresh
policy per episode. `python_env.rollout.replay` re-plays trajectories; `python_env.rollout.ray_pool`
runs servers as Ray actors (needs the `ray` dependency group).
"""

from .runner import (
    AgentPolicy,
    EpisodeRequest,
    EpisodeResult,
    PerEpisode,
    Policy,
    StepEvent,
    agent_policy,
    run_episode,
    run_episodes,
    run_episodes_sync,
)
from .trajectory import Trajectory, TrajectoryStep, read_jsonl, write_jsonl

__all__ = [
    "AgentPolicy",
    "EpisodeRequest",
    "EpisodeResult",
    "PerEpisode",
    "Policy",
    "StepEvent",
    "Trajectory",
    "TrajectoryStep",
    "agent_policy",
    "read_jsonl",
    "run_episode",
    "run_episodes",
    "run_episodes_sync",
    "write_jsonl",
]
