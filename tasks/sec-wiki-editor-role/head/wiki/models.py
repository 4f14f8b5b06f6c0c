"""Plain data types shared by the wiki modules."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field


class Role(enum.Enum):
    MEMBER = "member"
    EDITOR = "editor"
    ADMIN = "admin"


@dataclass(frozen=True)
class User:
    id: int
    team_id: int
    role: Role = Role.MEMBER


@dataclass
class Page:
    id: int
    team_id: int
    author_id: int
    title: str
    body: str = ""
    locked: bool = False
    revisions: list[str] = field(default_factory=list)
