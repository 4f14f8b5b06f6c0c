"""Loading clickstream exports into the analytics warehouse, batch by batch."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Protocol

from .batching import batched, with_progress
from .reader import Event, iter_events


class EmptyInput(ValueError):
    """The export holds no event (usually a failed upstream job)."""


class Sink(Protocol):
    def write(self, events: list[Event]) -> None: ...


@dataclass
class LoadStats:
    events: int = 0
    batches: int = 0
    first_ts: int | None = None
    last_ts: int | None = None


def load_events(lines: Iterable[str], sink: Sink, *, batch_size: int = 1000,
                progress: Callable[[int], None] | None = None,
                progress_every: int = 100) -> LoadStats:
    """Parse the export and write it to `sink` in batches of `batch_size` events.

    The export is streamed: only one batch is held in memory at a time. `progress`, if
    given, is called with the number of events written so far after every `progress_every`
    batches and after the last one.
    """
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    events = iter_events(lines)
    first = next(events, None)
    if first is None:
        raise EmptyInput("the export contains no events")
    stats = LoadStats(first_ts=first.ts)
    batches: Iterable[list[Event]] = batched(itertools.chain([first], events), batch_size)
    if progress is not None:
        batches = with_progress(batches, progress_every, lambda _: progress(stats.events))
    for batch in batches:
        sink.write(batch)
        stats.events += len(batch)
        stats.batches += 1
        stats.last_ts = batch[-1].ts
    return stats
