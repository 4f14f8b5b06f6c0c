"""A few GRPO steps on CPU against the live server: the README's training command, run in process.

Needs the `train` dependency group (torch, transformers, trl, datasets); `.ci/run` installs it and
runs `pytest -m train`. The model is a tiny Qwen2 made from a config and the tokenizer is trained
from nothing (python_env.integrations.tiny): no model hub is reached.
"""

from __future__ import annotations

import importlib.util
import re
import shlex
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.train
for module in ("torch", "transformers", "trl", "datasets", "tokenizers"):
    pytest.importorskip(module, reason=f"{module} missing: the train group is not installed "
                        "(uv sync --group train)")

from python_env.server.grading.rubric import REWARD_VERSION  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


def _readme_command() -> list[str]:
    text = (ROOT / "README.md").read_text()
    (line,) = re.findall(r"^uv run python examples/train_grpo\.py .*$", text, re.M)
    return shlex.split(line)[4:]


def _example():
    spec = importlib.util.spec_from_file_location("train_grpo", ROOT / "examples/train_grpo.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


@pytest.mark.timeout(1500)
def test_readme_grpo_run_trains_on_environment_rewards(server_url: str) -> None:
    argv = _readme_command()
    assert "--tiny" in argv
    argv[argv.index("--url") + 1] = server_url
    summary = _example().run(argv)

    steps = int(argv[argv.index("--steps") + 1])
    episodes = summary.history
    assert len(episodes) == 4 * steps  # per_device_train_batch_size rollouts a step
    assert all(e.reward is not None and e.reward_version == REWARD_VERSION for e in episodes)
    assert any(e.submitted_by_model for e in episodes)  # the model's own tool calls ran
    # The reward the trainer optimised is the server's score, step by step.
    logged = [entry for entry in summary.log_history if "reward" in entry]
    assert len(logged) == steps
    for step, entry in enumerate(logged):
        batch = episodes[4 * step: 4 * step + 4]
        assert entry["rewards/ReviewEnvironment/mean"] == pytest.approx(
            sum(e.reward for e in batch) / 4, abs=1e-4)  # type: ignore[misc]
    assert any(entry["reward_std"] > 0 for entry in logged)
    assert summary.weight_change > 0
