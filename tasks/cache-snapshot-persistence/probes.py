import json
import os
import tempfile


class FakeClock:
    def __init__(self, now=0.0):
        self.now = now

    def __call__(self):
        return self.now


def check_round_trip_keeps_remaining_ttl():
    from kvcache.snapshot import load_snapshot, save_snapshot
    from kvcache.ttl import TTLCache

    clock = FakeClock(100.0)
    cache = TTLCache(60, clock=clock)
    cache.set("sku:1", {"price": 12.5})
    cache.set("sku:2", [1, 2, 3], ttl=10)
    clock.now = 105.0
    with tempfile.TemporaryDirectory(dir=".") as d:
        path = os.path.join(d, "cache.json")
        saved = save_snapshot(cache, path)
        other_clock = FakeClock(0.0)
        restored = TTLCache(60, clock=other_clock)
        loaded = load_snapshot(restored, path)
        other_clock.now = 4.0
        early = [restored.get("sku:1"), restored.get("sku:2")]
        other_clock.now = 6.0
        later = [restored.get("sku:1"), restored.get("sku:2")]
        other_clock.now = 55.0
        last = [restored.get("sku:1"), restored.get("sku:2")]
        leftovers = sorted(os.listdir(d))
    return [saved, loaded, early, later, last, leftovers]


def check_expired_entries_are_not_saved():
    from kvcache.snapshot import save_snapshot
    from kvcache.ttl import TTLCache

    clock = FakeClock(0.0)
    cache = TTLCache(30, clock=clock)
    cache.set("old", 1, ttl=5)
    cache.set("new", 2)
    clock.now = 5.0
    with tempfile.TemporaryDirectory(dir=".") as d:
        path = os.path.join(d, "snap.json")
        saved = save_snapshot(cache, path)
        with open(path, encoding="utf-8") as fh:
            data = json.load(fh)
    return [saved, data["version"], [(e["key"], e["value"], e["ttl"]) for e in data["entries"]]]


def check_failed_save_leaves_no_temp_file():
    from kvcache.snapshot import load_snapshot, save_snapshot
    from kvcache.ttl import TTLCache

    clock = FakeClock(0.0)
    good = TTLCache(30, clock=clock)
    good.set("a", 1)
    bad = TTLCache(30, clock=clock)
    bad.set("a", 1)
    bad.set("b", {1, 2})  # a set is not JSON-serialisable
    results = []
    with tempfile.TemporaryDirectory(dir=".") as d:
        path = os.path.join(d, "snap.json")
        save_snapshot(good, path)
        for _ in range(3):
            try:
                save_snapshot(bad, path)
                results.append("saved")
            except TypeError as exc:
                results.append(type(exc).__name__)
        files = os.listdir(d)
        stray = len([name for name in files if name != "snap.json"])
        restored = TTLCache(30, clock=clock)
        loaded = load_snapshot(restored, path)
    return {"results": results, "stray_files": stray, "target_kept": "snap.json" in files, "loaded": loaded, "a": restored.get("a")}


def check_missing_file_and_version():
    from kvcache.snapshot import load_snapshot
    from kvcache.ttl import TTLCache

    cache = TTLCache(30, clock=FakeClock())
    out = [load_snapshot(cache, "does-not-exist.json")]
    with open("v2.json", "w", encoding="utf-8") as fh:
        json.dump({"version": 2, "entries": []}, fh)
    try:
        load_snapshot(cache, "v2.json")
        out.append("loaded")
    except ValueError as exc:
        out.append(type(exc).__name__)
    return out


def check_live_items():
    from kvcache.ttl import TTLCache

    clock = FakeClock(10.0)
    cache = TTLCache(20, clock=clock)
    cache.set("x", "X")
    cache.set("y", "Y", ttl=2)
    clock.now = 12.0
    return sorted(cache.live_items())
