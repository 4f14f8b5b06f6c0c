"""SQLite schema for invoices.

Invoice numbers are human-readable and sequential *per tenant*: every tenant has its own
INV-00001, INV-00002, ... which is what appears on the PDF and what their customers quote.
"""

from __future__ import annotations

import sqlite3

SCHEMA = """
CREATE TABLE IF NOT EXISTS invoices (
    id          INTEGER PRIMARY KEY,
    tenant_id   INTEGER NOT NULL,
    number      TEXT    NOT NULL,
    customer    TEXT    NOT NULL,
    total_cents INTEGER NOT NULL,
    status      TEXT    NOT NULL DEFAULT 'open',
    UNIQUE (tenant_id, number)
);
"""


def connect(path: str = ":memory:") -> sqlite3.Connection:
    conn = sqlite3.connect(path)
    conn.row_factory = sqlite3.Row
    conn.executescript(SCHEMA)
    return conn


def next_number(conn: sqlite3.Connection, tenant_id: int) -> str:
    """The next free invoice number of a tenant."""
    row = conn.execute(
        "SELECT COUNT(*) FROM invoices WHERE tenant_id = ?", (tenant_id,)
    ).fetchone()
    return f"INV-{row[0] + 1:05d}"
