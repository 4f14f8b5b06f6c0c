"""Uniform sampling of record streams that are too large to hold in memory."""

from __future__ import annotations

import random
from collections.abc import Iterable
from typing import TypeVar

T = TypeVar("T")


def reservoir_sample(items: Iterable[T], k: int, rng: random.Random | None = None) -> list[T]:
    """Choose `k` items uniformly at random, without replacement, in a single pass.

    This is Algorithm R: the first `k` items fill the reservoir, then item number `index`
    (0-based) replaces a random slot with probability k / (index + 1). With fewer than `k`
    items, all of them are returned in input order. Pass a seeded `rng` for a reproducible
    sample.
    """
    if k < 0:
        raise ValueError(f"sample size must not be negative, got {k}")
    rng = rng or random.Random()
    reservoir: list[T] = []
    for index, item in enumerate(items):
        if index < k:
            reservoir.append(item)
            continue
        slot = rng.randint(0, index)
        if slot < k:
            reservoir[slot] = item
    return reservoir
