"""In-process publish/subscribe.

Handlers run synchronously in the publisher's thread, in subscription order. A failing
handler is logged and does not stop delivery to the others.

Middleware runs before delivery, in registration order: each receives the event and returns
the event to deliver (possibly a new, enriched one) or None to drop it.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Event:
    topic: str
    payload: Mapping[str, Any] = field(default_factory=dict)


Handler = Callable[[Event], None]
Middleware = Callable[[Event], "Event | None"]


class EventBus:
    """Deliver events to the handlers subscribed to their topic."""

    def __init__(self, middleware: list[Middleware] = []) -> None:
        self._lock = threading.Lock()
        self._handlers: dict[str, list[Handler]] = {}
        self._middleware = middleware

    def use(self, middleware: Middleware) -> None:
        """Run `middleware` on every event published from now on, after those already added."""
        with self._lock:
            self._middleware.append(middleware)

    def subscribe(self, topic: str, handler: Handler) -> Callable[[], None]:
        """Call `handler` for every event on `topic`; return a function that unsubscribes."""
        with self._lock:
            self._handlers.setdefault(topic, []).append(handler)

        def unsubscribe() -> None:
            with self._lock, contextlib.suppress(KeyError, ValueError):
                self._handlers[topic].remove(handler)

        return unsubscribe

    def publish(self, topic: str, payload: Mapping[str, Any] | None = None) -> int:
        """Deliver an event to the handlers of `topic`; return how many handled it.

        Returns 0 without calling any handler when a middleware drops the event.
        """
        event: Event | None = Event(topic, dict(payload or {}))
        with self._lock:
            middleware = list(self._middleware)
            handlers = list(self._handlers.get(topic, ()))
        for step in middleware:
            event = step(event)
            if event is None:
                log.debug("event on %s dropped by %r", topic, step)
                return 0
        delivered = 0
        for handler in handlers:
            try:
                handler(event)
            except Exception:
                log.exception("handler %r failed on %s", handler, topic)
            else:
                delivered += 1
        return delivered
