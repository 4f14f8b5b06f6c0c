"""The set of contact keys a merge has already accepted."""

from __future__ import annotations

from collections.abc import Hashable


class KeyIndex:
    """The keys of the contacts merged so far."""

    def __init__(self) -> None:
        self._keys: set[Hashable] = set()

    def __len__(self) -> int:
        return len(self._keys)

    def __contains__(self, key: Hashable) -> bool:
        return key in self._keys

    def add(self, key: Hashable) -> bool:
        """Record `key`; False when it was already there (the contact is a duplicate)."""
        if key in self._keys:
            return False
        self._keys.add(key)
        return True
