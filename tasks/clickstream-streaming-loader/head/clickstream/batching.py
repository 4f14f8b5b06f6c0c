"""Generic helpers for processing long iterables in a single pass."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

T = TypeVar("T")


def batched(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """Lists of `size` consecutive items (the last one may be shorter), built lazily."""
    if size < 1:
        raise ValueError("size must be at least 1")
    batch: list[T] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def with_progress(items: Iterable[T], every: int,
                  report: Callable[[int], None]) -> Iterator[T]:
    """Pass `items` through unchanged, calling `report(count)` every `every` items.

    The count is reported once the consumer has asked for the next item, i.e. after it has
    dealt with the previous ones; the final count is reported when the items run out.
    """
    if every < 1:
        raise ValueError("every must be at least 1")
    count = 0
    for item in items:
        yield item
        count += 1
        if count % every == 0:
            report(count)
    if count % every:
        report(count)
