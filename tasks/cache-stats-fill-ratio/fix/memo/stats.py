"""Hit/miss counters, updated by the request threads and read by the metrics exporter."""

from __future__ import annotations

import threading
from collections.abc import Sized
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
        self._cache: Sized | None = None
        self._capacity = 0

    def attach(self, cache: Sized, capacity: int) -> None:
        """Report the size of `cache` (holding at most `capacity` entries) in snapshots."""
        with self._lock:
            self._cache = cache
            self._capacity = capacity

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
        """A consistent copy of the counters, for the `/metrics` endpoint.

        Once a cache is attached, also its current `size` and `fill_ratio` (size / capacity).
        """
        with self._lock:
            cache, capacity = self._cache, self._capacity
        # The cache calls record_*() while holding its own lock: never take its lock
        # (through len()) while holding ours.
        size = len(cache) if cache is not None else None
        with self._lock:
            lookups = self.hits + self.misses
            snap = {
                "hits": self.hits,
                "misses": self.misses,
                "evictions": self.evictions,
                "hit_ratio": self.hits / lookups if lookups else 0.0,
            }
        if size is not None:
            snap["size"] = size
            snap["fill_ratio"] = size / capacity
        return snap
