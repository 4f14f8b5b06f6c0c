"""A thread-safe LRU cache."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable
from contextlib import AbstractContextManager
from typing import Any

from .stats import CacheStats

_MISSING = object()


class LRUCache:
    """At most `maxsize` entries; the least recently used one is evicted first.

    `lock` defaults to a private `threading.Lock` (see `CacheStats`).
    """

    def __init__(
        self,
        maxsize: int,
        stats: CacheStats | None = None,
        lock: AbstractContextManager | None = None,
    ) -> None:
        if maxsize < 1:
            raise ValueError("maxsize must be at least 1")
        self.maxsize = maxsize
        self.stats = stats if stats is not None else CacheStats()
        self._lock = lock if lock is not None else threading.Lock()
        self._data: OrderedDict[Hashable, Any] = OrderedDict()
        self.stats.attach(self, maxsize)

    def get(self, key: Hashable, default: Any = None) -> Any:
        with self._lock:
            value = self._data.get(key, _MISSING)
            if value is _MISSING:
                self.stats.record_miss()
                return default
            self._data.move_to_end(key)
            self.stats.record_hit()
            return value

    def put(self, key: Hashable, value: Any) -> None:
        with self._lock:
            if key in self._data:
                self._data.move_to_end(key)
            elif len(self._data) >= self.maxsize:
                self._data.popitem(last=False)
                self.stats.record_eviction()
            self._data[key] = value

    def __len__(self) -> int:
        with self._lock:
            return len(self._data)
