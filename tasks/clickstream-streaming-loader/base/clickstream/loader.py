"""Loading clickstream exports into the analytics warehouse, batch by batch."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

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


def load_events(lines: Iterable[str], sink: Sink, *, batch_size: int = 1000) -> LoadStats:
    """Parse the export and write it to `sink` in batches of `batch_size` events."""
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    events = list(iter_events(lines))
    if not events:
        raise EmptyInput("the export contains no events")
    stats = LoadStats(first_ts=events[0].ts)
    for start in range(0, len(events), batch_size):
        batch = events[start:start + batch_size]
        sink.write(batch)
        stats.events += len(batch)
        stats.batches += 1
    stats.last_ts = events[-1].ts
    return stats
