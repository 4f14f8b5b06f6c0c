"""SQLite access for the staging area of the warehouse loader."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

SCHEMA = """
CREATE TABLE IF NOT EXISTS staging_orders (
    source       TEXT    NOT NULL,
    order_id     TEXT    NOT NULL,
    customer     TEXT    NOT NULL,
    amount_cents INTEGER NOT NULL,
    loaded_at    TEXT    NOT NULL
);
CREATE INDEX IF NOT EXISTS staging_orders_source ON staging_orders (source);
"""


def connect(path: str = ":memory:") -> sqlite3.Connection:
    """Open the staging database and make sure its tables exist."""
    conn = sqlite3.connect(path)
    conn.executescript(SCHEMA)
    return conn


@contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """Commit what the block did, or roll all of it back if the block raises."""
    try:
        yield conn
    except BaseException:
        conn.rollback()
        raise
    conn.commit()
