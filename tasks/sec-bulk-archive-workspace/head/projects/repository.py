"""SQLite persistence for workspaces, memberships and projects."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

SCHEMA = """
CREATE TABLE IF NOT EXISTS workspaces (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS memberships (
    user_id      INTEGER NOT NULL,
    workspace_id INTEGER NOT NULL REFERENCES workspaces (id),
    role         TEXT    NOT NULL CHECK (role IN ('member', 'admin')),
    PRIMARY KEY (user_id, workspace_id)
);
CREATE TABLE IF NOT EXISTS projects (
    id           INTEGER PRIMARY KEY,
    workspace_id INTEGER NOT NULL REFERENCES workspaces (id),
    name         TEXT    NOT NULL,
    archived     INTEGER NOT NULL DEFAULT 0
);
"""


@dataclass(frozen=True)
class Project:
    id: int
    workspace_id: int
    name: str
    archived: bool


class Repository:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        conn.executescript(SCHEMA)

    def add_workspace(self, name: str) -> int:
        cur = self.conn.execute("INSERT INTO workspaces (name) VALUES (?)", (name,))
        return int(cur.lastrowid)

    def add_member(self, user_id: int, workspace_id: int, role: str = "member") -> None:
        self.conn.execute(
            "INSERT INTO memberships (user_id, workspace_id, role) VALUES (?, ?, ?)",
            (user_id, workspace_id, role),
        )

    def add_project(self, workspace_id: int, name: str) -> int:
        cur = self.conn.execute(
            "INSERT INTO projects (workspace_id, name) VALUES (?, ?)", (workspace_id, name)
        )
        return int(cur.lastrowid)

    def role_in(self, user_id: int, workspace_id: int) -> str | None:
        row = self.conn.execute(
            "SELECT role FROM memberships WHERE user_id = ? AND workspace_id = ?",
            (user_id, workspace_id),
        ).fetchone()
        return None if row is None else str(row[0])

    def get_project(self, project_id: int) -> Project | None:
        row = self.conn.execute(
            "SELECT id, workspace_id, name, archived FROM projects WHERE id = ?", (project_id,)
        ).fetchone()
        return None if row is None else Project(row[0], row[1], row[2], bool(row[3]))

    def projects_in(self, workspace_id: int, include_archived: bool = False) -> list[Project]:
        rows = self.conn.execute(
            "SELECT id, workspace_id, name, archived FROM projects "
            "WHERE workspace_id = ? AND (archived = 0 OR ?) ORDER BY name, id",
            (workspace_id, include_archived),
        ).fetchall()
        return [Project(r[0], r[1], r[2], bool(r[3])) for r in rows]

    def set_archived(self, project_id: int, archived: bool) -> bool:
        cur = self.conn.execute(
            "UPDATE projects SET archived = ? WHERE id = ? AND archived != ?",
            (archived, project_id, archived),
        )
        return cur.rowcount == 1

    def set_archived_many(self, project_ids: list[int], archived: bool) -> int:
        """Set the archived flag of several projects in one transaction; return how many
        changed."""
        with self.conn:
            cur = self.conn.executemany(
                "UPDATE projects SET archived = ? WHERE id = ? AND archived != ?",
                [(archived, project_id, archived) for project_id in project_ids],
            )
        return cur.rowcount
