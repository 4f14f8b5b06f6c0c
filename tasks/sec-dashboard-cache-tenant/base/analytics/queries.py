"""Reporting queries. They always run for the tenant of the current request context."""

from __future__ import annotations

import sqlite3

from .context import current_context

SCHEMA = """
CREATE TABLE IF NOT EXISTS orders (
    id          INTEGER PRIMARY KEY,
    tenant_id   INTEGER NOT NULL,
    customer    TEXT    NOT NULL,
    placed_on   TEXT    NOT NULL,
    total_cents INTEGER NOT NULL
);
"""


def connect(path: str = ":memory:") -> sqlite3.Connection:
    conn = sqlite3.connect(path)
    conn.executescript(SCHEMA)
    return conn


def add_order(
    conn: sqlite3.Connection, tenant_id: int, customer: str, placed_on: str, total_cents: int
) -> None:
    conn.execute(
        "INSERT INTO orders (tenant_id, customer, placed_on, total_cents) VALUES (?, ?, ?, ?)",
        (tenant_id, customer, placed_on, total_cents),
    )
    conn.commit()


def revenue_by_month(conn: sqlite3.Connection, year: int) -> tuple[tuple[str, int], ...]:
    """(YYYY-MM, revenue in cents) for each month of `year` with orders."""
    rows = conn.execute(
        "SELECT substr(placed_on, 1, 7) AS month, SUM(total_cents) FROM orders "
        "WHERE tenant_id = ? AND substr(placed_on, 1, 4) = ? GROUP BY month ORDER BY month",
        (current_context().tenant_id, f"{year:04d}"),
    ).fetchall()
    return tuple((month, int(total)) for month, total in rows)


def top_customers(
    conn: sqlite3.Connection, year: int, limit: int = 3
) -> tuple[tuple[str, int], ...]:
    """The `limit` customers with the highest revenue in `year`."""
    rows = conn.execute(
        "SELECT customer, SUM(total_cents) AS revenue FROM orders "
        "WHERE tenant_id = ? AND substr(placed_on, 1, 4) = ? "
        "GROUP BY customer ORDER BY revenue DESC, customer LIMIT ?",
        (current_context().tenant_id, f"{year:04d}", limit),
    ).fetchall()
    return tuple((customer, int(total)) for customer, total in rows)
