"""`python-env eval --ray` on a local Ray cluster (2 CPUs, 2 server actors) gives the same
scores as the in-process server. Skipped when ray (the `ray` dependency group) is missing."""

from __future__ import annotations

import json
import os

import pytest

# Under `uv run`, Ray would start its workers with `uv run` again; read at ray's first import.
os.environ.setdefault("RAY_ENABLE_UV_RUN_RUNTIME_ENV", "0")
ray = pytest.importorskip("ray")

from python_env.cli import main  # noqa: E402
from python_env.rollout import read_jsonl  # noqa: E402
from python_env.server.tasks.loader import get_bank  # noqa: E402

# Out of the default run (Ray's start alone takes 15-45 s on a loaded 2-core machine): .ci/run
# runs `pytest -m ray`.
pytestmark = [pytest.mark.ray, pytest.mark.timeout(600)]


@pytest.fixture(scope="module")
def local_cluster():
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    yield
    ray.shutdown()


def test_eval_on_ray_actors_scores_as_without(local_cluster, server_url, tmp_path):
    train = [t for t in get_bank().split("train") if t.derived is not None]
    # buggy PRs (the static agent scores little there) and a clean one (it approves: 1.0)
    tasks = [t.id for t in train if not t.clean][:3] + [t.id for t in train if t.clean][:1]

    def run(name: str, *where: str) -> tuple[dict, list]:
        report, trajectories = tmp_path / f"{name}.json", tmp_path / f"{name}.jsonl"
        code = main(["eval", "--agent", "static", "--split", "train", "--tasks", *tasks,
                     "--no-progress", "--json", str(report), "--trajectories",
                     str(trajectories), *where])
        assert code == 0
        return json.loads(report.read_text()), list(read_jsonl(trajectories))

    plain, _ = run("plain", "--url", server_url)
    on_ray, trajectories = run("ray", "--ray", "--ray-servers", "2")
    assert ray.is_initialized()  # eval left alone the cluster it did not start

    def scores(report: dict) -> dict[str, float]:
        return {e["task_id"]: e["score"] for e in report["episodes"]}

    assert scores(on_ray) == scores(plain)
    assert len(scores(plain)) == len(tasks) and on_ray["errors"] == 0
    assert len(set(scores(plain).values())) > 1  # scores that can differ: a real comparison
    # The episodes went to both actors, each a server of its own.
    urls = {t.url for t in trajectories}
    assert len(urls) == 2 and server_url not in urls
