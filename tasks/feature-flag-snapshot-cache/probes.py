class FakeClock:
    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now


class CountingStore:
    """Wraps the real FlagStore and counts the snapshot queries."""

    def __init__(self, inner):
        self.inner = inner
        self.queries = []
        self.during_load = None

    def all(self, env):
        self.queries.append(env)
        snapshot = self.inner.all(env)
        hook, self.during_load = self.during_load, None
        if hook is not None:
            hook()
        return snapshot

    def set(self, env, flag):
        self.inner.set(env, flag)


def _setup(ttl=30.0):
    import sqlite3

    from flags.cache import SnapshotCache
    from flags.service import FlagService
    from flags.store import Flag, FlagStore

    real = FlagStore(sqlite3.connect(":memory:"))
    real.create_schema()
    real.set("prod", Flag("new-checkout", True, 100))
    real.set("prod", Flag("dark-mode", False, 100))
    real.set("staging", Flag("dark-mode", True, 100))
    store = CountingStore(real)
    clock = FakeClock()
    return FlagService(store, SnapshotCache(ttl=ttl, clock=clock)), store, real, clock


def check_snapshot_is_cached_per_env():
    svc, store, _, _ = _setup()
    out = [svc.is_enabled("prod", "new-checkout", "u1"), svc.is_enabled("prod", "dark-mode", "u1"),
           svc.is_enabled("staging", "dark-mode", "u1"), svc.is_enabled("prod", "missing", "u1"),
           svc.is_enabled("dev", "dark-mode", "u1"), svc.is_enabled("prod", "new-checkout", "u2")]
    return [out, store.queries]


def check_set_flag_is_visible_immediately():
    from flags.store import Flag

    svc, store, _, _ = _setup()
    before = svc.is_enabled("prod", "dark-mode", "u1")
    svc.set_flag("prod", Flag("dark-mode", True, 100))
    after = svc.is_enabled("prod", "dark-mode", "u1")
    staging = svc.is_enabled("staging", "dark-mode", "u1")
    return [before, after, staging, store.queries, sorted(svc.flags("prod"))]


def check_external_change_visible_after_ttl():
    from flags.store import Flag

    svc, store, real, clock = _setup(ttl=30.0)
    out = [svc.is_enabled("prod", "dark-mode", "u1")]
    real.set("prod", Flag("dark-mode", True, 100))  # another process
    for now in (10.0, 29.5, 30.0, 45.0):
        clock.now = now
        out.append(svc.is_enabled("prod", "dark-mode", "u1"))
    return [out, len(store.queries)]


def check_write_during_load_is_not_lost():
    from flags.store import Flag

    svc, store, _, _ = _setup()
    store.during_load = lambda: svc.set_flag("prod", Flag("dark-mode", True, 100))
    during = svc.is_enabled("prod", "dark-mode", "u1")
    after = [svc.is_enabled("prod", "dark-mode", "u1"), svc.is_enabled("prod", "dark-mode", "u1")]
    return [during, after, store.queries]


def check_rollout_and_read_only_snapshot():
    from flags.service import bucket
    from flags.store import Flag

    svc, _, _, _ = _setup()
    svc.set_flag("prod", Flag("beta", True, 30))
    users = [f"user-{n}" for n in range(40)]
    enabled = [u for u in users if svc.is_enabled("prod", "beta", u)]
    expected = [u for u in users if bucket("beta", u) < 30]
    snapshot = svc.flags("prod")
    try:
        snapshot["beta"] = Flag("beta", False)
        mutable = True
    except TypeError:
        mutable = False
    try:
        svc.set_flag("prod", Flag("beta", True, 101))
        bad = "accepted"
    except ValueError:
        bad = "ValueError"
    return [enabled == expected, len(enabled), mutable, bad, snapshot["beta"].rollout]


def check_cache_arguments():
    from flags.cache import SnapshotCache

    clock = FakeClock()
    cache = SnapshotCache(ttl=5, clock=clock)
    loads = []
    values = [cache.get_or_load("k", lambda: loads.append(1) or len(loads)) for _ in range(2)]
    cache.invalidate("k")
    cache.invalidate("other")
    values.append(cache.get_or_load("k", lambda: loads.append(1) or len(loads)))
    clock.now = 5.0
    values.append(cache.get_or_load("k", lambda: loads.append(1) or len(loads)))
    try:
        SnapshotCache(ttl=0)
        values.append("accepted")
    except ValueError:
        values.append("ValueError")
    return values
