"""python_env as a TRL `GRPOTrainer` environment: one review episode per rollout, scored by the server.

TRL (`environment_factory=`) builds instances of `ReviewEnvironment`, calls `reset(**row)` with each
dataset row, exposes every public method but `reset`/`get_reward` to the model as a tool, and calls
`get_reward()` once the rollout is over. The tools are the nine actions of `PythonAction`, one
method each, so the tool schema TRL renders from their signatures and docstrings is the action
space. Tool results are the server's observation rendered to text and clipped to a token budget:
TRL counts tool output against `max_completion_length`.

Only the typed client is used (no server import), so the server may run anywhere.

    trainer = GRPOTrainer(
        model=model, processing_class=tokenizer, args=GRPOConfig(...),
        train_dataset=review_dataset(split="train", count=41),
        environment_factory=review_environment_factory("http://127.0.0.1:8001", tokenizer),
    )
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from python_env.integrations.review_tools import (
    PROMPT,
    EpisodeRecord,
    ReviewEnvironment,
    TokenCounter,
    approx_tokens,
    clip_to_tokens,
)

__all__ = [
    "PROMPT",
    "EpisodeRecord",
    "ReviewEnvironment",
    "TokenCounter",
    "approx_tokens",
    "clip_to_tokens",
    "review_dataset",
    "review_environment_factory",
]


def review_environment_factory(
    base_url: str,
    tokenizer: Any = None,
    *,
    observation_tokens: int = 512,
    first_observation_tokens: int = 2048,
    history: list[EpisodeRecord] | None = None,
) -> Callable[[], ReviewEnvironment]:
    """The `environment_factory` for GRPOTrainer. With a tokenizer, budgets are counted in its
    tokens; `history` (a shared list) receives one `EpisodeRecord` per rollout."""
    if tokenizer is not None:
        def count(text: str) -> int:
            return len(tokenizer(text, add_special_tokens=False)["input_ids"])
    else:
        count = approx_tokens

    def factory() -> ReviewEnvironment:
        return ReviewEnvironment(base_url, count_tokens=count,
                                 observation_tokens=observation_tokens,
                                 first_observation_tokens=first_observation_tokens,
                                 history=history)

    return factory


def review_dataset(split: str = "train", count: int = 1, task_ids: list[str] | None = None,
                   repeat: int = 1) -> Any:
    """A `datasets.Dataset` of rows naming tasks (by id, else the first `count` of `split` by
    index), each with the review prompt; the environment's `reset` appends the pull request."""
    from datasets import Dataset

    prompt = [{"role": "user", "content": PROMPT}]
    if task_ids:
        rows = [{"prompt": prompt, "task_id": t} for t in task_ids]
    else:
        rows = [{"prompt": prompt, "split": split, "index": i} for i in range(count)]
    return Dataset.from_list(rows * repeat)
