"""Wiring of the catalogue front-end."""

from __future__ import annotations

from dataclasses import dataclass, field

from .cache import FragmentCache
from .events import EventBus
from .invalidation import InvalidationStats, wire_invalidation


@dataclass
class App:
    bus: EventBus = field(default_factory=EventBus)
    cache: FragmentCache = field(default_factory=FragmentCache)
    invalidation: InvalidationStats = field(default_factory=InvalidationStats)


def build_app() -> App:
    app = App()
    app.invalidation = wire_invalidation(app.bus, app.cache)
    return app
