def _world():
    import sqlite3

    from projects.repository import Repository
    from projects.service import ProjectService

    repo = Repository(sqlite3.connect(":memory:"))
    ours = repo.add_workspace("Ours")
    theirs = repo.add_workspace("Theirs")
    repo.add_member(1, ours, "admin")
    repo.add_member(2, ours, "member")
    repo.add_member(3, theirs, "admin")
    ids = {
        "ours_a": repo.add_project(ours, "Alpha"),
        "ours_b": repo.add_project(ours, "Beta"),
        "ours_c": repo.add_project(ours, "Gamma"),
        "theirs_x": repo.add_project(theirs, "Payroll migration"),
        "theirs_y": repo.add_project(theirs, "Board deck"),
    }
    return repo, ProjectService(repo), ours, theirs, ids


def _call(fn):
    from projects.service import PermissionDenied, ProjectNotFound

    try:
        return fn()
    except (PermissionDenied, ProjectNotFound, ValueError) as exc:
        return type(exc).__name__


def check_bulk_archive_cannot_touch_other_workspaces():
    repo, service, ours, theirs, ids = _world()
    _call(lambda: service.archive_many(1, ours, [ids["theirs_x"]]))
    _call(lambda: service.archive_many(1, ours, [ids["ours_a"], ids["theirs_y"]]))
    return {
        "theirs_x_archived": repo.get_project(ids["theirs_x"]).archived,
        "theirs_y_archived": repo.get_project(ids["theirs_y"]).archived,
        "theirs_visible_to_their_admin": [p.name for p in service.list_projects(3, theirs)],
    }


def check_bulk_archive_own_projects():
    repo, service, ours, theirs, ids = _world()
    first = service.archive_many(1, ours, [ids["ours_a"], ids["ours_b"], ids["ours_a"]])
    again = service.archive_many(1, ours, [ids["ours_b"], ids["ours_c"]])
    return [first, again,
            [(p.name, p.archived) for p in service.list_projects(2, ours, include_archived=True)],
            [p.name for p in service.list_projects(3, theirs)]]


def check_bulk_archive_requires_admin():
    repo, service, ours, theirs, ids = _world()
    return [
        _call(lambda: service.archive_many(2, ours, [ids["ours_a"]])),
        _call(lambda: service.archive_many(3, ours, [ids["ours_a"]])),
        _call(lambda: service.archive_many(99, ours, [ids["ours_a"]])),
        _call(lambda: service.archive_many(1, ours, range(1000, 1501))),
        repo.get_project(ids["ours_a"]).archived,
    ]


def check_single_archive_and_restore():
    repo, service, ours, theirs, ids = _world()
    return [
        _call(lambda: service.archive(1, ids["ours_a"])),
        _call(lambda: service.archive(1, ids["ours_a"])),
        _call(lambda: service.archive(1, ids["theirs_x"])),
        _call(lambda: service.archive(2, ids["ours_b"])),
        _call(lambda: service.restore(1, ids["ours_a"])),
        _call(lambda: service.archive(1, 12345)),
        _call(lambda: service.list_projects(3, ours)),
    ]
