def _world():
    from analytics.context import RequestContext
    from analytics.dashboard import DashboardService
    from analytics.queries import add_order, connect

    conn = connect()
    for tenant, customer, day, cents in [
        (1, "Wayne Enterprises", "2024-01-15", 500_000),
        (1, "Stark Industries", "2024-01-20", 120_000),
        (1, "Wayne Enterprises", "2024-03-02", 80_000),
        (2, "Tyrell Corp", "2024-02-11", 9_900_000),
        (2, "Weyland-Yutani", "2024-02-12", 3_100_000),
        (2, "Tyrell Corp", "2023-12-30", 1_000),
    ]:
        add_order(conn, tenant, customer, day, cents)
    people = {
        "t1_analyst": RequestContext(11, 1, frozenset({"analytics"})),
        "t1_viewer": RequestContext(12, 1, frozenset()),
        "t2_analyst": RequestContext(21, 2, frozenset({"analytics"})),
    }
    return conn, DashboardService(conn), people


def _as(ctx, fn):
    from analytics.context import PermissionDenied, use_context

    with use_context(ctx):
        try:
            summary = fn()
        except PermissionDenied:
            return "PermissionDenied"
    return [summary.year, summary.revenue_by_month, summary.top_customers, summary.total_cents]


def check_second_tenant_sees_own_summary():
    _, service, people = _world()
    first = _as(people["t1_analyst"], lambda: service.summary(2024))
    second = _as(people["t2_analyst"], lambda: service.summary(2024))
    return {"t1": first, "t2": second}


def check_cached_summary_still_requires_role():
    _, service, people = _world()
    warm = _as(people["t1_analyst"], lambda: service.summary(2024))
    viewer = _as(people["t1_viewer"], lambda: service.summary(2024))
    return {"analyst": warm, "viewer": viewer}


def check_summary_is_cached_for_a_minute():
    from analytics.queries import add_order

    conn, service, people = _world()
    before = _as(people["t1_analyst"], lambda: service.summary(2024))
    add_order(conn, 1, "Oscorp", "2024-04-01", 1_000_000)
    after = _as(people["t1_analyst"], lambda: service.summary(2024))
    other_year = _as(people["t1_analyst"], lambda: service.summary(2023))
    return {"before": before, "after_insert": after, "2023": other_year}


def check_role_required_on_cold_cache():
    _, service, people = _world()
    return [_as(people["t1_viewer"], lambda: service.summary(2024)),
            _as(people["t2_analyst"], lambda: service.summary(2023))]


def check_ttl_cache_unit():
    from analytics.cache import TTLCache, ttl_cache

    now = [0.0]
    cache = TTLCache(10, clock=lambda: now[0], max_entries=2)
    cache.put("a", 1)
    now[0] = 9.9
    out = [cache.get("a")]
    now[0] = 10.0
    out.append(cache.get("a"))
    for key in ("x", "y", "z"):
        cache.put(key, key.upper())
    out.append([cache.get(k) for k in ("x", "y", "z")])

    calls = []

    @ttl_cache(5, clock=lambda: now[0])
    def square(n):
        calls.append(n)
        return n * n

    now[0] = 100.0
    out.append([square(3), square(3), square(4)])
    now[0] = 106.0
    out.append([square(3), calls])
    return out
