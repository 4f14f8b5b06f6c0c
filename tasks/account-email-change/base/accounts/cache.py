"""The account cache: a TTL map shared by the web workers of one process."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

MISSING = object()  # returned by get() for a key that is not cached


def user_key(user_id: int) -> str:
    return f"user:{user_id}"


def email_key(email: str) -> str:
    return f"email:{email}"


class AccountCache:
    def __init__(self, ttl: float = 300.0, clock: Callable[[], float] = time.monotonic) -> None:
        self.ttl = ttl
        self._clock = clock
        self._lock = threading.Lock()
        self._data: dict[str, tuple[float, Any]] = {}

    def get(self, key: str) -> Any:
        """The cached value (which may be None), or MISSING."""
        with self._lock:
            entry = self._data.get(key)
            if entry is None or entry[0] <= self._clock():
                self._data.pop(key, None)
                return MISSING
            return entry[1]

    def set(self, key: str, value: Any) -> None:
        with self._lock:
            self._data[key] = (self._clock() + self.ttl, value)

    def delete(self, key: str) -> None:
        with self._lock:
            self._data.pop(key, None)
