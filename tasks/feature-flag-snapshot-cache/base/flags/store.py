"""SQLite storage of feature flags, one row per (environment, flag)."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

FULL_ROLLOUT = 100

SCHEMA = """
CREATE TABLE IF NOT EXISTS flags (
    env     TEXT NOT NULL,
    name    TEXT NOT NULL,
    enabled INTEGER NOT NULL,
    rollout INTEGER NOT NULL DEFAULT 100,  -- percentage of users, 0-100
    PRIMARY KEY (env, name)
)
"""


@dataclass(frozen=True)
class Flag:
    name: str
    enabled: bool
    rollout: int = 100


class FlagStore:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    def create_schema(self) -> None:
        with self._conn:
            self._conn.execute(SCHEMA)

    def all(self, env: str) -> dict[str, Flag]:
        rows = self._conn.execute(
            "SELECT name, enabled, rollout FROM flags WHERE env = ?", (env,)
        ).fetchall()
        return {name: Flag(name, bool(enabled), rollout) for name, enabled, rollout in rows}

    def set(self, env: str, flag: Flag) -> None:
        if not 0 <= flag.rollout <= FULL_ROLLOUT:
            raise ValueError("rollout is a percentage")
        with self._conn:
            self._conn.execute(
                "INSERT INTO flags (env, name, enabled, rollout) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (env, name) DO UPDATE SET enabled = excluded.enabled, "
                "rollout = excluded.rollout",
                (env, flag.name, int(flag.enabled), flag.rollout),
            )
