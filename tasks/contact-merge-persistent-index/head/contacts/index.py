"""The contact keys a merge has already accepted, kept between runs."""

from __future__ import annotations

import json
from collections.abc import Hashable, Iterable, Iterator
from pathlib import Path


class KeyIndex:
    """The keys of the contacts merged so far, in the order they were first seen.

    The index is saved after each run (`save_index`) and loaded by the next one, so that a
    contact merged yesterday is not exported to the CRM again today. Keeping first-seen order
    makes the saved file stable from one run to the next, which keeps its diffs readable.
    """

    def __init__(self, keys: Iterable[Hashable] = ()) -> None:
        self._keys: list[Hashable] = []
        for key in keys:
            self.add(key)

    def __len__(self) -> int:
        return len(self._keys)

    def __iter__(self) -> Iterator[Hashable]:
        return iter(self._keys)

    def __contains__(self, key: Hashable) -> bool:
        return key in self._keys

    def add(self, key: Hashable) -> bool:
        """Record `key`; False when it was already there (the contact is a duplicate)."""
        if key in self._keys:
            return False
        self._keys.append(key)
        return True

    def keys(self) -> list[Hashable]:
        """The keys, oldest first."""
        return list(self._keys)


def save_index(index: KeyIndex, path: Path) -> None:
    """Write the index as a JSON list of [kind, value] pairs."""
    data = [list(key) if isinstance(key, tuple) else key for key in index]
    path.write_text(json.dumps(data, indent=0), encoding="utf-8")


def load_index(path: Path) -> KeyIndex:
    """Read an index written by `save_index`; a missing file is an empty index."""
    if not path.exists():
        return KeyIndex()
    data = json.loads(path.read_text(encoding="utf-8"))
    return KeyIndex(tuple(key) if isinstance(key, list) else key for key in data)
