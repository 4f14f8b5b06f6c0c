OWNER, READER, STRANGER = 1, 2, 3


def _service():
    from notes.service import NotesService

    service = NotesService()
    private = service.create(OWNER, "Salary review", "confidential")
    shared = service.create(OWNER, "Team offsite", "agenda")
    shared.shared_with.add(READER)
    theirs = service.create(READER, "  ", "reader's own")
    return service, private.id, shared.id, theirs.id


def _try(fn):
    from notes.models import NoteNotFound, PermissionDenied

    try:
        result = fn()
    except (NoteNotFound, PermissionDenied, ValueError) as exc:
        return type(exc).__name__
    if result is None:
        return None
    return [result.id, result.owner_id, result.title, result.body, result.version,
            sorted(result.shared_with)]


def check_access_matrix():
    out = {}
    for who in (OWNER, READER, STRANGER):
        service, private, shared, theirs = _service()
        row = []
        for note_id in (private, shared, theirs, 999):
            row.append([
                _try(lambda n=note_id: service.get(who, n)),
                _try(lambda n=note_id: service.update(who, n, f"edited by {who}")),
            ])
        out[who] = row
    return out


def check_delete_matrix():
    out = {}
    for who in (OWNER, READER, STRANGER):
        service, private, shared, theirs = _service()
        out[who] = [_try(lambda n=n: service.delete(who, n)) for n in (private, shared, theirs, 999)]
        out[f"{who}-left"] = [n.id for n in service.list_for(OWNER) + service.list_for(READER)]
    return out


def check_share_and_unshare():
    service, private, shared, theirs = _service()
    steps = [
        _try(lambda: service.share(READER, private, STRANGER)),
        _try(lambda: service.share(STRANGER, private, STRANGER)),
        _try(lambda: service.share(READER, shared, STRANGER)),
        _try(lambda: service.share(OWNER, private, OWNER)),
        _try(lambda: service.share(OWNER, private, STRANGER)),
        _try(lambda: service.get(STRANGER, private)),
        _try(lambda: service.update(STRANGER, private, "nope")),
        _try(lambda: service.unshare(STRANGER, private, STRANGER)),
        _try(lambda: service.unshare(OWNER, private, STRANGER)),
        _try(lambda: service.get(STRANGER, private)),
        _try(lambda: service.share(user_id=OWNER, note_id=shared, with_user_id=STRANGER)),
        _try(lambda: service.get(user_id=STRANGER, note_id=shared)),
    ]
    return steps


def check_listing():
    service, private, shared, theirs = _service()
    return {who: [n.id for n in service.list_for(who)] for who in (OWNER, READER, STRANGER)}
