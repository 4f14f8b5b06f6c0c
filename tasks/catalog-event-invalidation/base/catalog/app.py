"""Wiring of the catalogue front-end."""

from __future__ import annotations

from dataclasses import dataclass, field

from .cache import FragmentCache
from .events import EventBus


@dataclass
class App:
    bus: EventBus = field(default_factory=EventBus)
    cache: FragmentCache = field(default_factory=FragmentCache)


def build_app() -> App:
    return App()
