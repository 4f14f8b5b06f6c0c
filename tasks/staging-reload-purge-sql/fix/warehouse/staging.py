"""Loading partner order files into the `staging_orders` table."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import PurePath

from .db import transaction

INSERT_ORDER = (
    "INSERT INTO staging_orders (source, order_id, customer, amount_cents, loaded_at) "
    "VALUES (?, ?, ?, ?, ?)"
)


@dataclass(frozen=True)
class StagedOrder:
    order_id: str
    customer: str
    amount_cents: int


def source_for(filename: str) -> str:
    """The staging source of an uploaded partner file: its name without folder and suffix."""
    return PurePath(filename).stem.strip().lower()


def insert_orders(conn: sqlite3.Connection, source: str, orders: Iterable[StagedOrder],
                  loaded_at: str) -> int:
    """Append `orders` to the staging table under `source`; returns the number of rows."""
    rows = [(source, o.order_id, o.customer, o.amount_cents, loaded_at) for o in orders]
    conn.executemany(INSERT_ORDER, rows)
    return len(rows)


def purge_source(conn: sqlite3.Connection, source: str) -> int:
    """Delete every staged row of `source`; returns how many rows were deleted."""
    cursor = conn.execute("DELETE FROM staging_orders WHERE source = ?", (source,))
    return cursor.rowcount


def load_source(conn: sqlite3.Connection, source: str, orders: Iterable[StagedOrder],
                loaded_at: str) -> int:
    """Stage the orders of one partner file in a single transaction."""
    with transaction(conn):
        return insert_orders(conn, source, orders, loaded_at)


def reload_source(conn: sqlite3.Connection, source: str, orders: Iterable[StagedOrder],
                  loaded_at: str) -> tuple[int, int]:
    """Replace the staged rows of `source` by `orders` in one transaction.

    Partners re-upload a corrected file under the same name; loading it with `load_source`
    would stage every order twice. Returns (rows deleted, rows inserted).
    """
    with transaction(conn):
        deleted = purge_source(conn, source)
        inserted = insert_orders(conn, source, orders, loaded_at)
    return deleted, inserted


def count_by_source(conn: sqlite3.Connection) -> dict[str, int]:
    """How many rows each source has in staging, for the load report."""
    cursor = conn.execute(
        "SELECT source, COUNT(*) FROM staging_orders GROUP BY source ORDER BY source"
    )
    return dict(cursor.fetchall())
