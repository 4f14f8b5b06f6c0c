"""Per-environment snapshot cache for flag evaluation."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class SnapshotCache(Generic[K, V]):
    """Cache one loaded snapshot per key for `ttl` seconds.

    Loads run outside the lock. A load that started before an `invalidate()` of its key is
    returned to its caller but not cached, so a snapshot read before a write can never be
    stored after that write's invalidation.
    """

    def __init__(self, ttl: float = 30.0, clock: Callable[[], float] = time.monotonic) -> None:
        if ttl <= 0:
            raise ValueError("ttl must be positive")
        self.ttl = ttl
        self._clock = clock
        self._lock = threading.Lock()
        self._entries: dict[K, tuple[float, V]] = {}
        self._generations: dict[K, int] = {}

    def get_or_load(self, key: K, loader: Callable[[], V]) -> V:
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None and entry[0] > self._clock():
                return entry[1]
            generation = self._generations.get(key, 0)
        value = loader()
        with self._lock:
            if self._generations.get(key, 0) == generation:
                self._entries[key] = (self._clock() + self.ttl, value)
        return value

    def invalidate(self, key: K) -> None:
        with self._lock:
            self._entries.pop(key, None)
            self._generations[key] = self._generations.get(key, 0) + 1
