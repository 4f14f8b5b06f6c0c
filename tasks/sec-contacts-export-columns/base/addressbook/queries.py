"""Read queries used by the contacts pages."""

from __future__ import annotations

import sqlite3


def list_contacts(conn: sqlite3.Connection, account_id: int) -> list[dict[str, object]]:
    """The live contacts of an account, by last then first name."""
    rows = conn.execute(
        "SELECT id, first_name, last_name, email, phone, company FROM contacts "
        "WHERE account_id = ? AND deleted = 0 ORDER BY last_name, first_name, id",
        (account_id,),
    )
    return [dict(row) for row in rows]


def count_contacts(conn: sqlite3.Connection, account_id: int) -> int:
    row = conn.execute(
        "SELECT COUNT(*) FROM contacts WHERE account_id = ? AND deleted = 0", (account_id,)
    ).fetchone()
    return int(row[0])
