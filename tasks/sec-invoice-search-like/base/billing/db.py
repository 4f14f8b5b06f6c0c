"""Connection and schema helpers for the billing database."""

from __future__ import annotations

import sqlite3

SCHEMA = """
CREATE TABLE IF NOT EXISTS invoices (
    id           INTEGER PRIMARY KEY,
    tenant_id    INTEGER NOT NULL,
    customer     TEXT    NOT NULL,
    amount_cents INTEGER NOT NULL,
    status       TEXT    NOT NULL DEFAULT 'open',
    issued_on    TEXT    NOT NULL
);
CREATE INDEX IF NOT EXISTS invoices_tenant ON invoices (tenant_id, issued_on);
"""


def connect(path: str = ":memory:") -> sqlite3.Connection:
    """Open the billing database and make sure the schema exists."""
    conn = sqlite3.connect(path)
    conn.row_factory = sqlite3.Row
    conn.executescript(SCHEMA)
    return conn


def add_invoice(
    conn: sqlite3.Connection,
    tenant_id: int,
    customer: str,
    amount_cents: int,
    issued_on: str,
) -> int:
    """Insert one open invoice and return its id."""
    cur = conn.execute(
        "INSERT INTO invoices (tenant_id, customer, amount_cents, issued_on) "
        "VALUES (?, ?, ?, ?)",
        (tenant_id, customer, amount_cents, issued_on),
    )
    conn.commit()
    return int(cur.lastrowid)


def set_status(conn: sqlite3.Connection, invoice_id: int, status: str) -> None:
    """Move an invoice to `status` (open, paid or void)."""
    conn.execute("UPDATE invoices SET status = ? WHERE id = ?", (status, invoice_id))
    conn.commit()
