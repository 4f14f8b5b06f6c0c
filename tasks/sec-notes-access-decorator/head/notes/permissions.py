"""Access checks for note operations, as a decorator.

Every `NotesService` method that acts on one note is decorated with `requires(access)`: the
decorator loads the note named by the call's `note_id`, applies the access rule and passes the
loaded `Note` to the method in place of the id. Methods therefore never see a note they may
not use, and each rule lives in one place.
"""

from __future__ import annotations

import enum
import functools
from collections.abc import Callable
from typing import TYPE_CHECKING, Concatenate, ParamSpec, TypeVar

from .models import Note, NoteNotFound, PermissionDenied

if TYPE_CHECKING:
    from .service import NotesService

P = ParamSpec("P")
R = TypeVar("R")


class Access(enum.Enum):
    READ = "read"
    WRITE = "write"


def check_access(note: Note | None, user_id: int, access: Access, note_id: int) -> Note:
    """Return the note if `user_id` has `access` to it, else raise.

    Callers who cannot read the note get NoteNotFound whatever they asked for; readers asking
    for write access get PermissionDenied.
    """
    if note is None or not note.readable_by(user_id):
        raise NoteNotFound(note_id)
    if access is Access.WRITE and note.owner_id != user_id:
        raise PermissionDenied(f"note {note_id} is read-only for user {user_id}")
    return note


def requires(
    access: Access,
) -> Callable[
    [Callable[Concatenate[NotesService, int, Note, P], R]],
    Callable[Concatenate[NotesService, int, int, P], R],
]:
    def decorate(
        method: Callable[Concatenate[NotesService, int, Note, P], R],
    ) -> Callable[Concatenate[NotesService, int, int, P], R]:
        @functools.wraps(method)
        def wrapper(
            self: NotesService, user_id: int, note_id: int, *args: P.args, **kwargs: P.kwargs
        ) -> R:
            note = check_access(self.lookup(note_id), user_id, access, note_id)
            return method(self, user_id, note, *args, **kwargs)

        return wrapper

    return decorate
