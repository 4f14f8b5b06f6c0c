from analytics.context import PermissionDenied, RequestContext, use_context
from analytics.dashboard import DashboardService
from analytics.queries import add_order, connect

ANALYST = RequestContext(user_id=1, tenant_id=7, roles=frozenset({"analytics"}))


def _service():
    conn = connect()
    add_order(conn, 7, "Initech", "2024-05-03", 10_000)
    add_order(conn, 7, "Initrode", "2024-05-20", 25_000)
    add_order(conn, 7, "Initech", "2024-06-01", 5_000)
    return DashboardService(conn)


def test_summary_figures():
    with use_context(ANALYST):
        summary = _service().summary(2024)
    assert summary.revenue_by_month == (("2024-05", 35_000), ("2024-06", 5_000))
    assert summary.top_customers == (("Initrode", 25_000), ("Initech", 15_000))
    assert summary.total_cents == 40_000


def test_summary_requires_analytics_role():
    with use_context(RequestContext(user_id=2, tenant_id=7)):
        try:
            _service().summary(2024)
        except PermissionDenied:
            return
    raise AssertionError("summary served without the analytics role")
