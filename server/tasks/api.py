"""OpenEnv's Task API (a structural protocol), public fields only.

Mixed into the environment class; every call works on a freshly built instance, independent of
`reset()`.
"""

from __future__ import annotations

from typing import Any

from .loader import get_bank
from .model import REAL_SPLIT, SPLITS
from .real.store import real_bank


class TaskApiMixin:
    def list_splits(self) -> list[dict[str, Any]]:
        bank = get_bank()
        splits = [{"name": s, "type": s, "num_tasks": len(bank.split(s))} for s in SPLITS]
        real = len(real_bank().split(REAL_SPLIT))  # 0 until `python-env tasks build-real`
        return [*splits, {"name": REAL_SPLIT, "type": REAL_SPLIT, "num_tasks": real}]

    def list_tasks(self, split: str) -> list[dict[str, Any]]:
        return self.get_task_range(split)

    def num_tasks(self, split: str) -> int:
        return len(_split(split))

    def get_task(self, split: str, index: int) -> dict[str, Any]:
        tasks = _split(split)
        if not 0 <= index < len(tasks):
            raise IndexError(f"split {split!r} has {len(tasks)} tasks; index {index} is out of range")
        return tasks[index].public_info(index)

    def get_task_range(
        self, split: str, start: int | None = None, stop: int | None = None
    ) -> list[dict[str, Any]]:
        tasks = _split(split)
        indices = range(len(tasks))[slice(start, stop)]
        return [tasks[i].public_info(i) for i in indices]


def _split(split: str):
    try:
        if split == REAL_SPLIT:
            return real_bank().split(REAL_SPLIT)
        return get_bank().split(split)
    except KeyError as exc:
        # IndexError is what the Task API routes turn into a 400 rather than a 500.
        raise IndexError(str(exc.args[0])) from None
