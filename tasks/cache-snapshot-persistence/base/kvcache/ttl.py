"""A small thread-safe TTL cache used in front of the catalogue service."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Hashable
from typing import Any

_MISSING = object()


class TTLCache:
    """Map keys to values that expire `ttl` seconds after they were stored.

    `clock` must be monotonic; tests pass a fake one.
    """

    def __init__(self, ttl: float, clock: Callable[[], float] = time.monotonic) -> None:
        if ttl <= 0:
            raise ValueError("ttl must be positive")
        self.ttl = ttl
        self._clock = clock
        self._lock = threading.Lock()
        self._entries: dict[Hashable, tuple[float, Any]] = {}

    def get(self, key: Hashable, default: Any = None) -> Any:
        """Return the live value for `key`, or `default` if it is missing or expired."""
        with self._lock:
            entry = self._entries.get(key, _MISSING)
            if entry is _MISSING:
                return default
            expires_at, value = entry
            if self._clock() >= expires_at:
                del self._entries[key]
                return default
            return value

    def set(self, key: Hashable, value: Any, ttl: float | None = None) -> None:
        """Store `value` under `key` for `ttl` seconds (the cache default if None)."""
        ttl = self.ttl if ttl is None else ttl
        if ttl <= 0:
            raise ValueError("ttl must be positive")
        with self._lock:
            self._entries[key] = (self._clock() + ttl, value)

    def delete(self, key: Hashable) -> bool:
        """Drop `key`; return whether it was present."""
        with self._lock:
            return self._entries.pop(key, _MISSING) is not _MISSING

    def purge_expired(self) -> int:
        """Drop every expired entry; return how many were dropped."""
        with self._lock:
            now = self._clock()
            dead = [key for key, (expires_at, _) in self._entries.items() if now >= expires_at]
            for key in dead:
                del self._entries[key]
            return len(dead)

    def __len__(self) -> int:
        with self._lock:
            return len(self._entries)
