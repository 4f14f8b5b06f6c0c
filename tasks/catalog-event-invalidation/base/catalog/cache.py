"""Cache of rendered catalogue fragments, keyed by "<kind>:<entity id>"."""

from __future__ import annotations

import threading


class FragmentCache:
    """A thread-safe map from fragment keys to rendered HTML."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._fragments: dict[str, str] = {}

    @staticmethod
    def key(kind: str, entity_id: int | str) -> str:
        return f"{kind}:{entity_id}"

    def get(self, key: str) -> str | None:
        with self._lock:
            return self._fragments.get(key)

    def set(self, key: str, html: str) -> None:
        with self._lock:
            self._fragments[key] = html

    def delete(self, key: str) -> bool:
        """Drop `key`; return whether it was cached."""
        with self._lock:
            return self._fragments.pop(key, None) is not None

    def keys(self) -> list[str]:
        with self._lock:
            return sorted(self._fragments)
