from httpcache.store import CachedResponse, ResponseCache


def resp(body):
    return CachedResponse(200, body)


def test_get_returns_stored_response():
    cache = ResponseCache(max_entries=2)
    cache.put("k", resp(b"x"))
    assert cache.get("k") == resp(b"x")
    assert cache.stats().hits == 1


def test_recently_read_entry_survives_eviction():
    cache = ResponseCache(max_entries=2)
    cache.put("a", resp(b"a"))
    cache.put("b", resp(b"b"))
    cache.get("a")
    cache.put("c", resp(b"c"))
    assert cache.get("a") is not None
    assert cache.get("b") is None


def test_miss_is_counted():
    cache = ResponseCache()
    assert cache.get("missing") is None
    assert cache.stats().misses == 1
