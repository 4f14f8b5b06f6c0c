"""Evaluate feature flags for a user."""

from __future__ import annotations

import zlib
from collections.abc import Mapping
from types import MappingProxyType

from .cache import SnapshotCache
from .store import Flag, FlagStore


def bucket(name: str, user_id: str) -> int:
    """A stable bucket in [0, 100) for (flag, user): the same user always gets the same one."""
    return zlib.crc32(f"{name}:{user_id}".encode()) % 100


class FlagService:
    """Flags are read from a per-environment snapshot, reloaded at most every `ttl` seconds.

    Changes made through `set_flag` are visible immediately in this process; changes made by
    other processes within `ttl` seconds.
    """

    def __init__(
        self, store: FlagStore, cache: SnapshotCache[str, Mapping[str, Flag]] | None = None
    ) -> None:
        self._store = store
        self._cache: SnapshotCache[str, Mapping[str, Flag]] = cache or SnapshotCache()

    def _snapshot(self, env: str) -> Mapping[str, Flag]:
        return self._cache.get_or_load(env, lambda: MappingProxyType(self._store.all(env)))

    def is_enabled(self, env: str, name: str, user_id: str) -> bool:
        """Unknown flags are off."""
        flag = self._snapshot(env).get(name)
        return flag is not None and flag.enabled and bucket(name, user_id) < flag.rollout

    def flags(self, env: str) -> Mapping[str, Flag]:
        """Every flag of `env` (read-only), for the admin page."""
        return self._snapshot(env)

    def set_flag(self, env: str, flag: Flag) -> None:
        self._store.set(env, flag)
        self._cache.invalidate(env)
