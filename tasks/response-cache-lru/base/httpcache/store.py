"""Bounded in-memory store of rendered responses, keyed by method + URL + Vary headers."""

from __future__ import annotations

import threading
from dataclasses import dataclass


@dataclass(frozen=True)
class CachedResponse:
    status: int
    body: bytes
    etag: str | None = None


class ResponseCache:
    """Keep at most `max_entries` responses; when full, the oldest entry is evicted."""

    def __init__(self, max_entries: int = 1024) -> None:
        if max_entries < 1:
            raise ValueError("max_entries must be at least 1")
        self.max_entries = max_entries
        self._lock = threading.Lock()
        self._entries: dict[str, CachedResponse] = {}

    def get(self, key: str) -> CachedResponse | None:
        with self._lock:
            return self._entries.get(key)

    def put(self, key: str, response: CachedResponse) -> None:
        with self._lock:
            if key not in self._entries and len(self._entries) >= self.max_entries:
                oldest = next(iter(self._entries))
                del self._entries[oldest]
            self._entries[key] = response

    def invalidate(self, key: str) -> bool:
        """Drop `key`; return whether it was cached."""
        with self._lock:
            return self._entries.pop(key, None) is not None

    def __len__(self) -> int:
        with self._lock:
            return len(self._entries)
