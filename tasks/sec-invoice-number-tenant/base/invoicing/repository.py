"""Data access for invoices. Every query is scoped to one tenant."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from .db import next_number

_SELECT = "SELECT id, tenant_id, number, customer, total_cents, status FROM invoices "


@dataclass(frozen=True)
class Invoice:
    id: int
    tenant_id: int
    number: str
    customer: str
    total_cents: int
    status: str


def _invoice(row: sqlite3.Row | None) -> Invoice | None:
    return None if row is None else Invoice(*row)


class InvoiceRepository:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    def create(self, tenant_id: int, customer: str, total_cents: int) -> Invoice:
        number = next_number(self._conn, tenant_id)
        cur = self._conn.execute(
            "INSERT INTO invoices (tenant_id, number, customer, total_cents) VALUES (?, ?, ?, ?)",
            (tenant_id, number, customer, total_cents),
        )
        self._conn.commit()
        return Invoice(int(cur.lastrowid), tenant_id, number, customer, total_cents, "open")

    def get(self, tenant_id: int, invoice_id: int) -> Invoice | None:
        row = self._conn.execute(
            _SELECT + "WHERE tenant_id = ? AND id = ?",
            (tenant_id, invoice_id),
        ).fetchone()
        return _invoice(row)

    def list(self, tenant_id: int, status: str | None = None) -> list[Invoice]:
        sql = _SELECT + "WHERE tenant_id = ?"
        params: list[object] = [tenant_id]
        if status is not None:
            sql += " AND status = ?"
            params.append(status)
        rows = self._conn.execute(sql + " ORDER BY id", params).fetchall()
        return [Invoice(*row) for row in rows]

    def update_status(self, tenant_id: int, invoice_id: int, status: str) -> bool:
        cur = self._conn.execute(
            "UPDATE invoices SET status = ? WHERE tenant_id = ? AND id = ?",
            (status, tenant_id, invoice_id),
        )
        self._conn.commit()
        return cur.rowcount == 1
