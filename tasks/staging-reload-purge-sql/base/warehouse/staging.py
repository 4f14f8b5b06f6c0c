"""Loading partner order files into the `staging_orders` table."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass

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


def insert_orders(conn: sqlite3.Connection, source: str, orders: Iterable[StagedOrder],
                  loaded_at: str) -> int:
    """Append `orders` to the staging table under `source`; returns the number of rows."""
    rows = [(source, o.order_id, o.customer, o.amount_cents, loaded_at) for o in orders]
    conn.executemany(INSERT_ORDER, rows)
    return len(rows)


def load_source(conn: sqlite3.Connection, source: str, orders: Iterable[StagedOrder],
                loaded_at: str) -> int:
    """Stage the orders of one partner file in a single transaction."""
    with transaction(conn):
        return insert_orders(conn, source, orders, loaded_at)


def count_by_source(conn: sqlite3.Connection) -> dict[str, int]:
    """How many rows each source has in staging, for the load report."""
    cursor = conn.execute(
        "SELECT source, COUNT(*) FROM staging_orders GROUP BY source ORDER BY source"
    )
    return dict(cursor.fetchall())
