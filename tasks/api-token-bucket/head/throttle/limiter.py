"""Per-client request limits."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from .bucket import TokenBucket


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


class BucketLimiter:
    """One token bucket per key: `rate` requests per second, bursts up to `burst`."""

    def __init__(
        self, rate: float, burst: int, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.rate = rate
        self.burst = burst
        self._clock = clock
        self._lock = threading.Lock()
        self._buckets: dict[str, TokenBucket] = {}

    def _bucket(self, key: str) -> TokenBucket:
        with self._lock:
            bucket = self._buckets.get(key)
            if bucket is None:
                bucket = self._buckets[key] = TokenBucket(self.rate, self.burst, self._clock)
            return bucket

    def allow(self, key: str) -> bool:
        """Count one request for `key`; return whether it is within the limit."""
        return self._bucket(key).try_acquire()

    def retry_after(self, key: str) -> float:
        """Seconds the client should wait before its next request (for Retry-After)."""
        return self._bucket(key).retry_after()
