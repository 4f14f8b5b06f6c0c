"""SQLite storage of user accounts."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

SCHEMA = """
CREATE TABLE IF NOT EXISTS users (
    id    INTEGER PRIMARY KEY,
    email TEXT NOT NULL UNIQUE,
    name  TEXT NOT NULL
)
"""


@dataclass(frozen=True)
class User:
    id: int
    email: str
    name: str


class UserRepository:
    """Users table access. The connection is owned by the caller."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    def create_schema(self) -> None:
        with self._conn:
            self._conn.execute(SCHEMA)

    def add(self, email: str, name: str) -> User:
        with self._conn:
            cur = self._conn.execute(
                "INSERT INTO users (email, name) VALUES (?, ?)", (email, name)
            )
        return User(cur.lastrowid, email, name)

    def get(self, user_id: int) -> User | None:
        row = self._conn.execute(
            "SELECT id, email, name FROM users WHERE id = ?", (user_id,)
        ).fetchone()
        return User(*row) if row else None

    def find_by_email(self, email: str) -> User | None:
        row = self._conn.execute(
            "SELECT id, email, name FROM users WHERE email = ?", (email,)
        ).fetchone()
        return User(*row) if row else None
