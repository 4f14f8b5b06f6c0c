import threading

_held = threading.local()


class OrderRecorder:
    """Lockdep-style: records (held, acquiring) pairs of named locks."""

    def __init__(self):
        self.edges = set()

    def lock(self, name):
        return RecordingLock(name, self)

    def has_cycle(self):
        graph = {}
        for a, b in self.edges:
            graph.setdefault(a, set()).add(b)
        state = {}

        def visit(node):
            state[node] = "active"
            for nxt in graph.get(node, ()):
                if state.get(nxt) == "active" or (nxt not in state and visit(nxt)):
                    return True
            state[node] = "done"
            return False

        return any(node not in state and visit(node) for node in list(graph))


class RecordingLock:
    def __init__(self, name, recorder):
        self.name = name
        self.recorder = recorder
        self._lock = threading.RLock()

    def acquire(self, blocking=True, timeout=-1):
        stack = getattr(_held, "stack", None)
        if stack is None:
            stack = _held.stack = []
        for other in stack:
            if other is not self:
                self.recorder.edges.add((other.name, self.name))
        ok = self._lock.acquire(blocking, timeout)
        if ok:
            stack.append(self)
        return ok

    def release(self):
        _held.stack.remove(self)
        self._lock.release()

    def __enter__(self):
        self.acquire()
        return self

    def __exit__(self, *exc_info):
        self.release()
        return False


def _workload(cache):
    for key in ("a", "b", "c", "a", "d", "e", "a"):
        if cache.get(key) is None:
            cache.put(key, key.upper())


def check_lock_order_is_acyclic():
    from memo import CacheStats, LRUCache

    rec = OrderRecorder()
    stats = CacheStats(lock=rec.lock("stats"))
    cache = LRUCache(3, stats=stats, lock=rec.lock("cache"))
    _workload(cache)
    snap = stats.snapshot()
    _workload(cache)
    return {"cycle": rec.has_cycle(), "snapshot": snap}


def check_exporter_thread_and_request_thread():
    from memo import CacheStats, LRUCache

    rec = OrderRecorder()
    stats = CacheStats(lock=rec.lock("stats"))
    cache = LRUCache(2, stats=stats, lock=rec.lock("cache"))
    snaps = []
    request = threading.Thread(target=_workload, args=(cache,))
    request.start()
    request.join()
    exporter = threading.Thread(target=lambda: snaps.append(stats.snapshot()))
    exporter.start()
    exporter.join()
    return {"cycle": rec.has_cycle(), "snapshots": snaps}


def check_snapshot_values():
    from memo import CacheStats, LRUCache

    cache = LRUCache(4)
    empty = cache.stats.snapshot()
    for key in range(6):
        cache.put(key, key * key)
    hits = [cache.get(k) for k in (0, 1, 2, 5, 9)]
    return [empty, hits, cache.stats.snapshot(), CacheStats().snapshot()]


def check_lru_behaviour():
    from memo import LRUCache

    cache = LRUCache(2)
    cache.put("x", 1)
    cache.put("y", 2)
    cache.get("x")
    cache.put("z", 3)
    cache.put("x", 10)
    out = [cache.get("x"), cache.get("y"), cache.get("z"), len(cache)]
    try:
        LRUCache(0)
        out.append("accepted")
    except ValueError:
        out.append("ValueError")
    return out


def check_single_threaded_null_locks():
    import contextlib

    from memo import CacheStats, LRUCache

    stats = CacheStats(lock=contextlib.nullcontext())
    cache = LRUCache(5, stats=stats, lock=contextlib.nullcontext())
    _workload(cache)
    return stats.snapshot()
