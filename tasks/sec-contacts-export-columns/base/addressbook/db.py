"""SQLite storage for contacts. Every row belongs to exactly one account."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

SCHEMA = """
CREATE TABLE IF NOT EXISTS contacts (
    id          INTEGER PRIMARY KEY,
    account_id  INTEGER NOT NULL,
    first_name  TEXT    NOT NULL,
    last_name   TEXT    NOT NULL,
    email       TEXT,
    phone       TEXT,
    company     TEXT,
    created_at  TEXT    NOT NULL,
    deleted     INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS contacts_account ON contacts (account_id, last_name);
"""


@dataclass(frozen=True)
class NewContact:
    first_name: str
    last_name: str
    created_at: str
    email: str | None = None
    phone: str | None = None
    company: str | None = None


def connect(path: str = ":memory:") -> sqlite3.Connection:
    conn = sqlite3.connect(path)
    conn.row_factory = sqlite3.Row
    conn.executescript(SCHEMA)
    return conn


def add_contact(conn: sqlite3.Connection, account_id: int, contact: NewContact) -> int:
    cur = conn.execute(
        "INSERT INTO contacts (account_id, first_name, last_name, email, phone, company, "
        "created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (account_id, contact.first_name, contact.last_name, contact.email, contact.phone,
         contact.company, contact.created_at),
    )
    conn.commit()
    return int(cur.lastrowid)


def soft_delete(conn: sqlite3.Connection, account_id: int, contact_id: int) -> bool:
    cur = conn.execute(
        "UPDATE contacts SET deleted = 1 WHERE id = ? AND account_id = ?",
        (contact_id, account_id),
    )
    conn.commit()
    return cur.rowcount == 1
