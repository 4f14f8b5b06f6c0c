"""Ready-made middleware for EventBus."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import replace

from .bus import Event, Middleware


def timestamped(clock: Callable[[], float] = time.time) -> Middleware:
    """Add `published_at` (seconds since the epoch) to every event's payload."""

    def stamp(event: Event) -> Event:
        return replace(event, payload={**event.payload, "published_at": clock()})

    return stamp


def drop_topics(*prefixes: str) -> Middleware:
    """Drop the events whose topic starts with one of `prefixes` (noisy internal topics)."""

    def drop(event: Event) -> Event | None:
        return None if event.topic.startswith(prefixes) else event

    return drop
