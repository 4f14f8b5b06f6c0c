import sqlite3

from flags.cache import SnapshotCache
from flags.service import FlagService
from flags.store import Flag, FlagStore


def make_service(clock=lambda: 0.0):
    store = FlagStore(sqlite3.connect(":memory:"))
    store.create_schema()
    return FlagService(store, SnapshotCache(ttl=30, clock=clock)), store


def test_unknown_flag_is_off():
    svc, _ = make_service()
    assert not svc.is_enabled("prod", "nope", "u1")


def test_set_flag_takes_effect():
    svc, _ = make_service()
    assert not svc.is_enabled("prod", "f", "u1")
    svc.set_flag("prod", Flag("f", True))
    assert svc.is_enabled("prod", "f", "u1")


def test_environments_are_separate():
    svc, _ = make_service()
    svc.set_flag("staging", Flag("f", True))
    assert svc.is_enabled("staging", "f", "u1")
    assert not svc.is_enabled("prod", "f", "u1")
