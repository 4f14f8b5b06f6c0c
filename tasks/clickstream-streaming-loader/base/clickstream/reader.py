"""Reading the clickstream export: one JSON event per line."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field


class ReaderError(ValueError):
    """A line of the export is not a valid event."""


@dataclass(frozen=True)
class Event:
    ts: int  # milliseconds since the epoch, UTC
    user: str
    kind: str
    props: dict[str, object] = field(default_factory=dict, compare=False)


def parse_event(line: str, number: int) -> Event:
    try:
        data = json.loads(line)
        event = Event(int(data["ts"]), str(data["user"]), str(data["kind"]),
                      dict(data.get("props") or {}))
    except (ValueError, KeyError, TypeError) as exc:
        raise ReaderError(f"line {number}: not a valid event ({exc})") from None
    if event.ts < 0 or not event.user or not event.kind:
        raise ReaderError(f"line {number}: negative ts or empty user/kind")
    return event


def iter_events(lines: Iterable[str]) -> Iterator[Event]:
    """Parse events lazily; blank lines are skipped."""
    for number, line in enumerate(lines, start=1):
        if line.strip():
            yield parse_event(line, number)
