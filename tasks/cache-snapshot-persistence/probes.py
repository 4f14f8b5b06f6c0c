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



def _save_under_attack(directory, plant):
    """Save a snapshot into `directory` while an attacker who can write to it wins the race: the
    first time the code under review opens a file that does not exist yet in that directory for
    writing (whatever the API: open, os.open, Path.write_text, tempfile...), the attacker creates
    that name a moment earlier with `plant(path)`. A name chosen first and created later (what
    `tempfile.mktemp` hands out) is then opened as the attacker's object; a file created
    atomically with O_EXCL (mkstemp, NamedTemporaryFile, os.open or open(..., "x")) is not.
    Returns the snapshot's path and what `plant` returned (None when nothing was planted)."""
    import builtins
    import io

    from kvcache.snapshot import save_snapshot
    from kvcache.ttl import TTLCache

    directory = os.path.abspath(directory)
    os.mkdir(directory)
    state = {"armed": False, "planted": None}

    def attack(path, writing):
        if not state["armed"] or isinstance(path, int) or not writing:
            return
        path = os.path.abspath(os.fsdecode(path))
        if os.path.dirname(path) != directory or os.path.lexists(path):
            return
        state["armed"] = False  # one shot; and planting opens files too
        state["planted"] = plant(path)

    # Every way Python code opens a file goes through one of these (open, io.open, Path.open,
    # os.open, tempfile's mkstemp and NamedTemporaryFile): the attacker watches them all.
    real_open, real_io_open, real_os_open = builtins.open, io.open, os.open

    def watched_open(file, mode="r", *args, **kwargs):
        attack(file, any(c in mode for c in "wax+"))
        return real_open(file, mode, *args, **kwargs)

    def watched_io_open(file, mode="r", *args, **kwargs):
        attack(file, any(c in mode for c in "wax+"))
        return real_io_open(file, mode, *args, **kwargs)

    def watched_os_open(path, flags, *args, **kwargs):
        attack(path, bool(flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT)))
        return real_os_open(path, flags, *args, **kwargs)

    builtins.open, io.open, os.open = watched_open, watched_io_open, watched_os_open
    cache = TTLCache(60, clock=FakeClock(0.0))
    cache.set("sku:1", 12.5)
    target = os.path.join(directory, "cache.json")
    state["armed"] = True
    try:
        save_snapshot(cache, target)
    except Exception:  # refusing to write is a safe outcome
        pass
    finally:
        state["armed"] = False
        builtins.open, io.open, os.open = real_open, real_io_open, real_os_open
    return target, state["planted"]


def check_snapshot_temp_file_created_exclusively():
    """The temporary file must be created by the save itself, atomically: a symlink planted at its
    name must not make the save write through it to another file, and a regular file planted
    there (which the attacker owns and can rewrite later) must not become the snapshot. Only
    the effects are reported, not whether the save succeeded or raised."""
    victim = os.path.abspath("victim.txt")
    with open(victim, "w", encoding="utf-8") as fh:
        fh.write("do not overwrite")
    _save_under_attack("via-symlink", lambda path: os.symlink(victim, path))
    with open(victim, encoding="utf-8") as fh:
        victim_written = fh.read() != "do not overwrite"

    def plant_file(path):
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        os.write(fd, b"attacker")
        info = os.fstat(fd)
        os.close(fd)
        return [info.st_dev, info.st_ino]

    target, planted = _save_under_attack("via-planted-file", plant_file)
    try:
        info = os.stat(target)
        in_planted = [info.st_dev, info.st_ino] == planted
    except FileNotFoundError:
        in_planted = False
    return {"symlink_followed": victim_written, "snapshot_in_attacker_file": in_planted}
