from memo import CacheStats, LRUCache


def test_hits_and_misses_are_counted():
    cache = LRUCache(2)
    cache.put("a", 1)
    assert cache.get("a") == 1
    assert cache.get("b") is None
    snap = cache.stats.snapshot()
    assert (snap["hits"], snap["misses"], snap["hit_ratio"]) == (1, 1, 0.5)


def test_snapshot_reports_fill_ratio():
    stats = CacheStats()
    cache = LRUCache(4, stats=stats)
    cache.put("a", 1)
    snap = stats.snapshot()
    assert snap["size"] == 1
    assert snap["fill_ratio"] == 0.25


def test_eviction_is_counted():
    cache = LRUCache(1)
    cache.put("a", 1)
    cache.put("b", 2)
    assert cache.stats.snapshot()["evictions"] == 1
