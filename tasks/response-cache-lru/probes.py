def _resp(name):
    from httpcache.store import CachedResponse

    return CachedResponse(200, name.encode(), etag=f'"{name}"')


def _keys(cache):
    return [key for key in ("a", "b", "c", "d", "e") if cache.get(key) is not None]


def check_replacing_a_key_when_full_keeps_the_others():
    from httpcache.store import ResponseCache

    cache = ResponseCache(max_entries=3)
    for key in ("a", "b", "c"):
        cache.put(key, _resp(key))
    cache.put("b", _resp("b2"))
    cache.put("c", _resp("c2"))
    stats = cache.stats()
    return [len(cache), stats.evictions, _keys(cache), cache.get("b").body]


def check_revalidation_through_middleware():
    from httpcache.middleware import CachingMiddleware, Request
    from httpcache.store import CachedResponse, ResponseCache

    calls = []

    def upstream(request):
        calls.append(request.headers.get("If-None-Match"))
        if request.headers.get("If-None-Match"):
            return CachedResponse(304, b"")
        return CachedResponse(200, request.path.encode(), etag=f'"{request.path}"')

    cache = ResponseCache(max_entries=2)
    app = CachingMiddleware(upstream, cache)
    for path in ("/a", "/b", "/b", "/b", "/a"):
        app.handle(Request("GET", path))
    return [calls, len(cache), cache.stats().evictions]


def check_least_recently_used_is_evicted():
    from httpcache.store import ResponseCache

    cache = ResponseCache(max_entries=3)
    for key in ("a", "b", "c"):
        cache.put(key, _resp(key))
    cache.get("a")
    cache.put("d", _resp("d"))
    cache.get("c")
    cache.put("e", _resp("e"))
    return [_keys(cache), cache.stats().evictions]


def check_stats_and_invalidation():
    from httpcache.store import ResponseCache

    cache = ResponseCache(max_entries=10)
    cache.put("GET /p/1 lang=en", _resp("1en"))
    cache.put("GET /p/1 lang=fr", _resp("1fr"))
    cache.put("GET /p/2 lang=en", _resp("2en"))
    cache.get("GET /p/1 lang=en")
    cache.get("GET /p/3 lang=en")
    dropped = cache.invalidate_prefix("GET /p/1 ")
    out = [dropped, cache.invalidate("GET /p/2 lang=en"), cache.invalidate("nope")]
    stats = cache.stats()
    return out + [stats.hits, stats.misses, stats.evictions, stats.size]


def check_max_entries_guard():
    from httpcache.store import ResponseCache

    try:
        ResponseCache(max_entries=0)
        return "accepted"
    except ValueError:
        return "ValueError"
