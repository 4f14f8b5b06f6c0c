"""Note operations.

Rules: the owner can do anything with a note; users it is shared with can read it; to everyone
else it does not exist (NoteNotFound, never PermissionDenied, so ids cannot be probed).
"""

from __future__ import annotations

import itertools

from .models import Note, NoteNotFound, PermissionDenied


class NotesService:
    def __init__(self) -> None:
        self._notes: dict[int, Note] = {}
        self._ids = itertools.count(1)

    def create(self, user_id: int, title: str, body: str = "") -> Note:
        note = Note(next(self._ids), user_id, title.strip() or "Untitled", body)
        self._notes[note.id] = note
        return note

    def get(self, user_id: int, note_id: int) -> Note:
        note = self._notes.get(note_id)
        if note is None or not note.readable_by(user_id):
            raise NoteNotFound(note_id)
        return note

    def update(self, user_id: int, note_id: int, body: str) -> Note:
        note = self._notes.get(note_id)
        if note is None or not note.readable_by(user_id):
            raise NoteNotFound(note_id)
        if note.owner_id != user_id:
            raise PermissionDenied(f"note {note_id} is read-only for user {user_id}")
        note.body = body
        note.version += 1
        return note

    def delete(self, user_id: int, note_id: int) -> None:
        note = self._notes.get(note_id)
        if note is None or not note.readable_by(user_id):
            raise NoteNotFound(note_id)
        if note.owner_id != user_id:
            raise PermissionDenied(f"note {note_id} is read-only for user {user_id}")
        del self._notes[note_id]

    def list_for(self, user_id: int) -> list[Note]:
        """Notes the user owns or that are shared with them, by id."""
        return [n for _, n in sorted(self._notes.items()) if n.readable_by(user_id)]
