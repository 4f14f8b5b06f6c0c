"""In-process publish/subscribe.

Handlers run synchronously in the publisher's thread, in subscription order. A failing
handler is logged and does not stop delivery to the others.
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


class EventBus:
    """Deliver events to the handlers subscribed to their topic."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._handlers: dict[str, list[Handler]] = {}

    def subscribe(self, topic: str, handler: Handler) -> Callable[[], None]:
        """Call `handler` for every event on `topic`; return a function that unsubscribes."""
        with self._lock:
            self._handlers.setdefault(topic, []).append(handler)

        def unsubscribe() -> None:
            with self._lock, contextlib.suppress(KeyError, ValueError):
                self._handlers[topic].remove(handler)

        return unsubscribe

    def publish(self, topic: str, payload: Mapping[str, Any] | None = None) -> int:
        """Deliver an event to the handlers of `topic`; return how many handled it."""
        event = Event(topic, dict(payload or {}))
        with self._lock:
            handlers = list(self._handlers.get(topic, ()))
        delivered = 0
        for handler in handlers:
            try:
                handler(event)
            except Exception:
                log.exception("handler %r failed on %s", handler, topic)
            else:
                delivered += 1
        return delivered
