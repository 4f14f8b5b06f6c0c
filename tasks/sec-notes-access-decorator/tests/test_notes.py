from notes.models import NoteNotFound, PermissionDenied
from notes.service import NotesService


def _raises(exc_type, fn):
    try:
        fn()
    except exc_type:
        return True
    return False


def test_owner_can_edit():
    service = NotesService()
    note = service.create(1, "Plan", "v1")
    assert service.update(1, note.id, "v2").version == 2
    assert service.get(1, note.id).body == "v2"


def test_shared_note_is_read_only():
    service = NotesService()
    note = service.create(1, "Plan", "v1")
    service.share(1, note.id, 2)
    assert service.get(2, note.id).body == "v1"
    assert _raises(PermissionDenied, lambda: service.update(2, note.id, "v2"))


def test_strangers_get_not_found():
    service = NotesService()
    note = service.create(1, "Plan")
    assert _raises(NoteNotFound, lambda: service.get(3, note.id))
    assert _raises(NoteNotFound, lambda: service.delete(3, note.id))
