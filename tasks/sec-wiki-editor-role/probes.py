def _world():
    from wiki.models import Role, User
    from wiki.service import PageService

    people = {
        "author": User(1, team_id=10),
        "member": User(2, team_id=10),
        "editor": User(3, team_id=10, role=Role.EDITOR),
        "outside_editor": User(4, team_id=20, role=Role.EDITOR),
        "outside_member": User(5, team_id=20),
        "admin": User(6, team_id=99, role=Role.ADMIN),
    }
    service = PageService()
    page = service.create(people["author"], "Runbook", "v1")
    locked = service.create(people["author"], "Policy", "v1")
    locked.locked = True
    return people, service, page, locked


def _edit(service, user, page_id, body):
    from wiki.service import PageNotFound, PermissionDenied

    try:
        return service.edit(user, page_id, body).body
    except PermissionDenied:
        return "denied"
    except PageNotFound:
        return "not found"


def check_plain_member_cannot_edit_teammates_page():
    people, service, page, _ = _world()
    outcome = _edit(service, people["member"], page.id, "vandalised")
    return {"outcome": outcome, "body": service.read(people["author"], page.id).body}


def check_can_edit_matrix():
    from wiki.permissions import can_edit

    people, _, page, locked = _world()
    return {name: [can_edit(user, page), can_edit(user, locked)] for name, user in people.items()}


def check_team_editor_and_author_edit_through_service():
    people, service, page, locked = _world()
    return [
        _edit(service, people["editor"], page.id, "editor text"),
        _edit(service, people["author"], page.id, "author text"),
        _edit(service, people["admin"], locked.id, "admin text"),
        _edit(service, people["editor"], locked.id, "nope"),
        _edit(service, people["outside_member"], page.id, "nope"),
        service.read(people["author"], page.id).revisions,
    ]


def check_view_and_delete_rules_unchanged():
    from wiki.permissions import can_delete, can_view

    people, _, page, locked = _world()
    return {name: [can_view(u, page), can_delete(u, page), can_delete(u, locked)]
            for name, u in people.items()}
