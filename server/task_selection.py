"""Which task a reset plays: by id, by split and index, or drawn from a split by a seed.

A choice the bank cannot satisfy is refused like a type error of the option that asked for it,
so the WebSocket answers VALIDATION_ERROR and HTTP 422 with the field named.
"""

from __future__ import annotations

import random
from typing import Any

from pydantic import ValidationError
from pydantic_core import InitErrorDetails, PydanticCustomError

from ..models import ResetOptions
from .tasks.generator import GENERATED_SPLIT, generate, resolve_task
from .tasks.loader import get_bank
from .tasks.model import REAL_SPLIT, Task
from .tasks.real.store import RealSplitMissing, real_tasks

# Generator seeds a reset may ask for (a seed-picked one is drawn from the same range).
GENERATED_SEEDS = 2**31


def refused(field: str, message: str, value: Any) -> ValidationError:
    """A reset option the bank cannot satisfy, reported as a validation error of `field`."""
    return ValidationError.from_exception_data(
        "ResetOptions",
        [InitErrorDetails(type=PydanticCustomError("invalid_option", message), loc=(field,),
                          input=value)],
    )


def select_task(opts: ResetOptions) -> Task:
    if opts.task_id is not None:
        return _by_id(opts.task_id)
    if opts.split == GENERATED_SPLIT:
        # Unlimited: index n is the task of generator seed n; a seed picks one at random.
        if opts.index is not None and opts.index >= GENERATED_SEEDS:
            raise refused("index", f"index of the generated split must be below "
                                   f"{GENERATED_SEEDS}", opts.index)
        index = opts.index
        return generate(index if index is not None
                        else random.Random(opts.seed).randrange(GENERATED_SEEDS))
    tasks = _split(opts.split)
    if opts.index is not None:
        if opts.index >= len(tasks):
            raise refused("index", f"index {opts.index} is out of range: split has "
                                   f"{len(tasks)} tasks", opts.index)
        return tasks[opts.index]
    return random.Random(opts.seed).choice(tasks)


def _by_id(task_id: str) -> Task:
    seed = task_id.removeprefix("gen-")
    if task_id.startswith("gen-") and seed.isdigit() and int(seed) >= GENERATED_SEEDS:
        raise refused("task_id", f"generated task ids run from gen-0 to "
                                 f"gen-{GENERATED_SEEDS - 1}", task_id)
    try:
        return resolve_task(task_id)
    except KeyError as exc:
        raise refused("task_id", str(exc.args[0]), task_id) from None


def _split(split: str | None) -> list[Task]:
    """The tasks of a finite split (train by default); refused when missing or empty."""
    if split == REAL_SPLIT:
        try:
            tasks = real_tasks()
        except RealSplitMissing as exc:
            raise refused("split", str(exc.args[0]), split) from None
    else:
        try:
            tasks = get_bank().split(split or "train")
        except KeyError as exc:
            raise refused("split", str(exc.args[0]), split) from None
    if not tasks:
        raise refused("split", f"split {split!r} has no task", split)
    return tasks
