"""Evaluate feature flags for a user."""

from __future__ import annotations

import zlib

from .store import Flag, FlagStore


def bucket(name: str, user_id: str) -> int:
    """A stable bucket in [0, 100) for (flag, user): the same user always gets the same one."""
    return zlib.crc32(f"{name}:{user_id}".encode()) % 100


class FlagService:
    def __init__(self, store: FlagStore) -> None:
        self._store = store

    def is_enabled(self, env: str, name: str, user_id: str) -> bool:
        """Unknown flags are off."""
        flag = self._store.all(env).get(name)
        return flag is not None and flag.enabled and bucket(name, user_id) < flag.rollout

    def set_flag(self, env: str, flag: Flag) -> None:
        self._store.set(env, flag)
