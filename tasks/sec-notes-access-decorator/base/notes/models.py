"""The note record."""

from __future__ import annotations

from dataclasses import dataclass, field


class NoteNotFound(LookupError):
    """No such note, or the caller may not know it exists."""


class PermissionDenied(Exception):
    """The caller can see the note but may not do this to it."""


@dataclass
class Note:
    id: int
    owner_id: int
    title: str
    body: str = ""
    version: int = 1
    shared_with: set[int] = field(default_factory=set)

    def readable_by(self, user_id: int) -> bool:
        return user_id == self.owner_id or user_id in self.shared_with
