"""Hit/miss counters, updated by the request threads and read by the metrics exporter."""

from __future__ import annotations

import threading
from contextlib import AbstractContextManager


class CacheStats:
    """Counters for one cache.

    `lock` defaults to a private `threading.Lock`; pass `contextlib.nullcontext()` when the
    cache is only used from one thread.
    """

    def __init__(self, lock: AbstractContextManager | None = None) -> None:
        self._lock = lock if lock is not None else threading.Lock()
        self.hits = 0
        self.misses = 0
        self.evictions = 0

    def record_hit(self) -> None:
        with self._lock:
            self.hits += 1

    def record_miss(self) -> None:
        with self._lock:
            self.misses += 1

    def record_eviction(self) -> None:
        with self._lock:
            self.evictions += 1

    def snapshot(self) -> dict[str, float]:
        """A consistent copy of the counters, for the `/metrics` endpoint."""
        with self._lock:
            lookups = self.hits + self.misses
            return {
                "hits": self.hits,
                "misses": self.misses,
                "evictions": self.evictions,
                "hit_ratio": self.hits / lookups if lookups else 0.0,
            }
