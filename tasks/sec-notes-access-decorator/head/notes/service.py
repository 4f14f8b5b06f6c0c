"""Note operations.

Rules: the owner can do anything with a note; users it is shared with can read it; to everyone
else it does not exist (NoteNotFound, never PermissionDenied, so ids cannot be probed). The
rules are enforced by `permissions.requires` on every method that takes a `note_id`.
"""

from __future__ import annotations

import itertools

from .models import Note
from .permissions import Access, requires


class NotesService:
    def __init__(self) -> None:
        self._notes: dict[int, Note] = {}
        self._ids = itertools.count(1)

    def lookup(self, note_id: int) -> Note | None:
        """The note with this id, without any access check (for `requires`)."""
        return self._notes.get(note_id)

    def create(self, user_id: int, title: str, body: str = "") -> Note:
        note = Note(next(self._ids), user_id, title.strip() or "Untitled", body)
        self._notes[note.id] = note
        return note

    @requires(Access.READ)
    def get(self, user_id: int, note: Note) -> Note:
        return note

    @requires(Access.WRITE)
    def update(self, user_id: int, note: Note, body: str) -> Note:
        note.body = body
        note.version += 1
        return note

    @requires(Access.WRITE)
    def delete(self, user_id: int, note: Note) -> None:
        del self._notes[note.id]

    @requires(Access.WRITE)
    def share(self, user_id: int, note: Note, with_user_id: int) -> Note:
        """Give `with_user_id` read access to the note."""
        if with_user_id == note.owner_id:
            raise ValueError("a note cannot be shared with its owner")
        note.shared_with.add(with_user_id)
        return note

    @requires(Access.WRITE)
    def unshare(self, user_id: int, note: Note, with_user_id: int) -> Note:
        """Withdraw the read access of `with_user_id` (no-op if they had none)."""
        note.shared_with.discard(with_user_id)
        return note

    def list_for(self, user_id: int) -> list[Note]:
        """Notes the user owns or that are shared with them, by id."""
        return [n for _, n in sorted(self._notes.items()) if n.readable_by(user_id)]
