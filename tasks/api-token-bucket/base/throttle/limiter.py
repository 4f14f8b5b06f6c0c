"""Per-client request limits."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable


class FixedWindowLimiter:
    """At most `limit` requests per key in each window of `window` seconds."""

    def __init__(
        self, limit: int, window: float, clock: Callable[[], float] = time.monotonic
    ) -> None:
        if limit < 1 or window <= 0:
            raise ValueError("need limit >= 1 and window > 0")
        self.limit = limit
        self.window = window
        self._clock = clock
        self._lock = threading.Lock()
        self._counts: dict[str, tuple[int, int]] = {}  # key -> (window index, count)

    def allow(self, key: str) -> bool:
        """Count one request for `key`; return whether it is within the limit."""
        index = int(self._clock() // self.window)
        with self._lock:
            current, count = self._counts.get(key, (index, 0))
            if current != index:
                count = 0
            if count >= self.limit:
                return False
            self._counts[key] = (index, count + 1)
            return True
