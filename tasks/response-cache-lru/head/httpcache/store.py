"""Bounded in-memory store of rendered responses, keyed by method + URL + Vary headers."""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass


@dataclass(frozen=True)
class CachedResponse:
    status: int
    body: bytes
    etag: str | None = None


@dataclass(frozen=True)
class CacheStats:
    hits: int
    misses: int
    evictions: int
    size: int


class ResponseCache:
    """Keep at most `max_entries` responses; when full, the least recently used is evicted."""

    def __init__(self, max_entries: int = 1024) -> None:
        if max_entries < 1:
            raise ValueError("max_entries must be at least 1")
        self.max_entries = max_entries
        self._lock = threading.Lock()
        self._entries: OrderedDict[str, CachedResponse] = OrderedDict()
        self._hits = self._misses = self._evictions = 0

    def get(self, key: str) -> CachedResponse | None:
        with self._lock:
            response = self._entries.get(key)
            if response is None:
                self._misses += 1
                return None
            self._entries.move_to_end(key)
            self._hits += 1
            return response

    def put(self, key: str, response: CachedResponse) -> None:
        """Store (or replace, e.g. after revalidation) the response for `key`."""
        with self._lock:
            if len(self._entries) >= self.max_entries:
                self._entries.popitem(last=False)
                self._evictions += 1
            self._entries[key] = response
            self._entries.move_to_end(key)

    def invalidate(self, key: str) -> bool:
        """Drop `key`; return whether it was cached."""
        with self._lock:
            return self._entries.pop(key, None) is not None

    def invalidate_prefix(self, prefix: str) -> int:
        """Drop every key starting with `prefix` (e.g. all variants of one URL)."""
        with self._lock:
            doomed = [key for key in self._entries if key.startswith(prefix)]
            for key in doomed:
                del self._entries[key]
            return len(doomed)

    def stats(self) -> CacheStats:
        with self._lock:
            return CacheStats(self._hits, self._misses, self._evictions, len(self._entries))

    def __len__(self) -> int:
        with self._lock:
            return len(self._entries)
