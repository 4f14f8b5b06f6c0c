"""Contact export for the "Export contacts" dialog and the /contacts/export API.

The caller picks which columns to export, in which order, and the sort order. Column names
cannot be bound as SQL parameters, so they are checked against `EXPORTABLE_COLUMNS` before the
statement is assembled; every value (the account id) is bound.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

EXPORTABLE_COLUMNS: tuple[str, ...] = (
    "first_name",
    "last_name",
    "email",
    "phone",
    "company",
    "created_at",
)
MAX_EXPORT_ROWS = 50_000


class ExportError(ValueError):
    """The export request names an unknown column or is otherwise invalid."""


def _checked_columns(columns: Sequence[str]) -> list[str]:
    if isinstance(columns, str) or not columns:
        raise ExportError("columns must be a non-empty list of column names")
    unknown = [c for c in columns if c not in EXPORTABLE_COLUMNS]
    if unknown:
        raise ExportError(f"cannot export unknown columns: {', '.join(map(repr, unknown))}")
    if len(set(columns)) != len(columns):
        raise ExportError("a column is listed twice")
    return list(columns)


def export_contacts(
    conn: sqlite3.Connection,
    account_id: int,
    columns: Sequence[str],
    sort_by: str = "last_name",
    *,
    descending: bool = False,
) -> list[dict[str, object]]:
    """The account's live contacts as dicts holding exactly `columns`, sorted by `sort_by`."""
    selected = _checked_columns(columns)
    if sort_by not in EXPORTABLE_COLUMNS:
        raise ExportError(f"cannot sort by {sort_by!r}")
    direction = "DESC" if descending else "ASC"
    sql = (
        f"SELECT {', '.join(selected)} FROM contacts "
        "WHERE account_id = ? AND deleted = 0 "
        f"ORDER BY {sort_by} {direction}, id {direction} LIMIT ?"
    )
    rows = conn.execute(sql, (account_id, MAX_EXPORT_ROWS))
    return [dict(zip(selected, row, strict=True)) for row in rows]
