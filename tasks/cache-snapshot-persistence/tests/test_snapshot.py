import os
import tempfile

from kvcache import TTLCache, load_snapshot, save_snapshot


class FakeClock:
    def __init__(self, now=0.0):
        self.now = now

    def __call__(self):
        return self.now


def test_round_trip():
    clock = FakeClock()
    cache = TTLCache(60, clock=clock)
    cache.set("k", {"v": 1})
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "snap.json")
        assert save_snapshot(cache, path) == 1
        restored = TTLCache(60, clock=FakeClock())
        assert load_snapshot(restored, path) == 1
    assert restored.get("k") == {"v": 1}


def test_missing_snapshot_loads_nothing():
    cache = TTLCache(60, clock=FakeClock())
    assert load_snapshot(cache, "no-such-snapshot.json") == 0
    assert len(cache) == 0


def test_expired_entries_are_skipped():
    clock = FakeClock()
    cache = TTLCache(60, clock=clock)
    cache.set("short", 1, ttl=1)
    clock.now = 2
    with tempfile.TemporaryDirectory() as d:
        assert save_snapshot(cache, os.path.join(d, "snap.json")) == 0
