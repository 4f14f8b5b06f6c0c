import sqlite3

from accounts.cache import AccountCache
from accounts.db import UserRepository
from accounts.service import AccountService, EmailTaken


def make_service():
    repo = UserRepository(sqlite3.connect(":memory:"))
    repo.create_schema()
    return AccountService(repo, AccountCache(clock=lambda: 0.0))


def test_register_and_find():
    svc = make_service()
    user = svc.register("Ann@Example.test", "Ann")
    assert svc.find_by_email("ann@example.test") == user


def test_change_email():
    svc = make_service()
    user = svc.register("ann@example.test", "Ann")
    svc.change_email(user.id, "anne@example.test")
    assert svc.get_user(user.id).email == "anne@example.test"
    assert svc.find_by_email("anne@example.test").id == user.id


def test_cannot_take_someone_elses_email():
    svc = make_service()
    ann = svc.register("ann@example.test", "Ann")
    svc.register("bob@example.test", "Bob")
    try:
        svc.change_email(ann.id, "bob@example.test")
    except EmailTaken:
        pass
    else:
        raise AssertionError("expected EmailTaken")
