import sqlite3

from projects.repository import Repository
from projects.service import PermissionDenied, ProjectService


def _setup():
    repo = Repository(sqlite3.connect(":memory:"))
    ws = repo.add_workspace("Acme")
    repo.add_member(10, ws, "admin")
    repo.add_member(11, ws, "member")
    a = repo.add_project(ws, "Website")
    b = repo.add_project(ws, "Mobile app")
    return repo, ProjectService(repo), ws, a, b


def test_admin_archives_several_projects():
    _, service, ws, a, b = _setup()
    assert service.archive_many(10, ws, [a, b]) == 2
    assert service.list_projects(10, ws) == []


def test_member_cannot_bulk_archive():
    _, service, ws, a, _ = _setup()
    try:
        service.archive_many(11, ws, [a])
    except PermissionDenied:
        return
    raise AssertionError("a plain member archived projects")


def test_already_archived_not_counted():
    _, service, ws, a, b = _setup()
    service.archive(10, a)
    assert service.archive_many(10, ws, [a, b]) == 1
