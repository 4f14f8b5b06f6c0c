"""Token bucket: smooth rate limiting that still allows short bursts."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable


class TokenBucket:
    """Allow bursts of up to `capacity` requests, refilled at `rate` tokens per second.

    The bucket starts full. `clock` must be monotonic; tests pass a fake one.
    """

    def __init__(
        self, rate: float, capacity: float, clock: Callable[[], float] = time.monotonic
    ) -> None:
        if rate <= 0 or capacity < 1:
            raise ValueError("need rate > 0 and capacity >= 1")
        self.rate = rate
        self.capacity = float(capacity)
        self._clock = clock
        self._lock = threading.Lock()
        self._tokens = float(capacity)
        self._stamp = clock()

    def _refill(self, now: float) -> None:
        elapsed = now - self._stamp
        if elapsed > 0:
            self._tokens = min(self.capacity, self._tokens + elapsed * self.rate)

    def try_acquire(self, tokens: float = 1.0) -> bool:
        """Take `tokens` from the bucket if it holds enough; never blocks."""
        if tokens > self.capacity:
            raise ValueError(f"cannot take {tokens} tokens from a bucket of {self.capacity}")
        with self._lock:
            now = self._clock()
            self._refill(now)
            if self._tokens < tokens:
                return False
            self._tokens -= tokens
            self._stamp = now
            return True

    def retry_after(self, tokens: float = 1.0) -> float:
        """Seconds until `try_acquire(tokens)` can succeed (0.0 if it can now)."""
        with self._lock:
            self._refill(self._clock())
            return max(0.0, (tokens - self._tokens) / self.rate)
