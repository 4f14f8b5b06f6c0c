"""Domain events: an in-process bus that fans events out to cache invalidators and webhooks."""

from .bus import Event, EventBus, Middleware
from .middleware import drop_topics, timestamped

__all__ = ["Event", "EventBus", "Middleware", "drop_topics", "timestamped"]
