"""Sliding-window log: at most `limit` events per key in any `window` seconds."""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable


class SlidingWindowLog:
    """Remember when each key's recent events happened.

    An event at time t counts until t + window (excluded). Keys with no event left in the
    window are dropped by `sweep()`, which the caller runs periodically.
    """

    def __init__(
        self, limit: int, window: float, clock: Callable[[], float] = time.monotonic
    ) -> None:
        if limit < 1 or window <= 0:
            raise ValueError("need limit >= 1 and window > 0")
        self.limit = limit
        self.window = window
        self._clock = clock
        self._lock = threading.Lock()
        self._events: dict[str, deque[float]] = {}

    def _prune(self, events: deque[float], now: float) -> None:
        horizon = now - self.window
        while events and events[0] <= horizon:
            events.popleft()

    def acquire(self, key: str) -> bool:
        """Record an event for `key` if it is under the limit; return whether it was."""
        with self._lock:
            now = self._clock()
            events = self._events.setdefault(key, deque())
            self._prune(events, now)
            if len(events) >= self.limit:
                return False
            events.append(now)
            return True

    def retry_after(self, key: str) -> float:
        """Seconds until `acquire(key)` can succeed again (0.0 if it can now)."""
        with self._lock:
            now = self._clock()
            events = self._events.get(key)
            if events is None:
                return 0.0
            self._prune(events, now)
            if len(events) < self.limit:
                return 0.0
            return events[len(events) - self.limit] + self.window - now

    def reset(self, key: str) -> None:
        """Forget every event of `key`."""
        with self._lock:
            self._events.pop(key, None)

    def sweep(self) -> int:
        """Drop the keys whose events have all left the window; return how many."""
        with self._lock:
            now = self._clock()
            idle = []
            for key, events in self._events.items():
                self._prune(events, now)
                if not events:
                    idle.append(key)
            for key in idle:
                del self._events[key]
            return len(idle)
