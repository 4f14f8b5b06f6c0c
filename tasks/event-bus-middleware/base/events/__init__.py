"""Domain events: an in-process bus that fans events out to cache invalidators and webhooks."""

from .bus import Event, EventBus

__all__ = ["Event", "EventBus"]
