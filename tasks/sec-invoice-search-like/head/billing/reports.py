"""Read-only invoice reports for the tenant dashboard."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

VALID_STATUSES = frozenset({"open", "paid", "void"})


@dataclass(frozen=True)
class InvoiceRow:
    id: int
    customer: str
    amount_cents: int
    status: str
    issued_on: str


def _to_rows(cursor: sqlite3.Cursor) -> list[InvoiceRow]:
    return [
        InvoiceRow(r["id"], r["customer"], r["amount_cents"], r["status"], r["issued_on"])
        for r in cursor.fetchall()
    ]


def list_invoices(
    conn: sqlite3.Connection, tenant_id: int, status: str | None = None
) -> list[InvoiceRow]:
    """All invoices of a tenant, newest first, optionally restricted to one status."""
    if status is None:
        cur = conn.execute(
            "SELECT id, customer, amount_cents, status, issued_on FROM invoices "
            "WHERE tenant_id = ? ORDER BY issued_on DESC, id DESC",
            (tenant_id,),
        )
    else:
        if status not in VALID_STATUSES:
            raise ValueError(f"unknown invoice status: {status!r}")
        cur = conn.execute(
            "SELECT id, customer, amount_cents, status, issued_on FROM invoices "
            "WHERE tenant_id = ? AND status = ? ORDER BY issued_on DESC, id DESC",
            (tenant_id, status),
        )
    return _to_rows(cur)


def outstanding_total(conn: sqlite3.Connection, tenant_id: int) -> int:
    """Sum of the open invoices of a tenant, in cents."""
    row = conn.execute(
        "SELECT COALESCE(SUM(amount_cents), 0) AS total FROM invoices "
        "WHERE tenant_id = ? AND status = 'open'",
        (tenant_id,),
    ).fetchone()
    return int(row["total"])


def search_invoices(
    conn: sqlite3.Connection, tenant_id: int, customer_query: str, limit: int = 50
) -> list[InvoiceRow]:
    """Invoices of a tenant whose customer name contains `customer_query` (case-insensitive).

    Results are newest first and capped at `limit` rows (at most 200).
    """
    term = customer_query.strip()
    if not term:
        return []
    limit = max(1, min(limit, 200))
    sql = (
        "SELECT id, customer, amount_cents, status, issued_on FROM invoices "
        f"WHERE tenant_id = ? AND customer LIKE '%{term}%' "
        "ORDER BY issued_on DESC, id DESC LIMIT ?"
    )
    return _to_rows(conn.execute(sql, (tenant_id, limit)))
