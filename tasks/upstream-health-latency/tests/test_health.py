from lb.health import HealthResult, check_tcp
from lb.upstreams import UpstreamPool


class Sock:
    closed = False

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.closed = True

    def shutdown(self, how):
        pass


def test_healthy_result_has_latency():
    ticks = iter([10.0, 10.25])
    result = check_tcp("h", 1, connect=lambda address, timeout: Sock(), clock=lambda: next(ticks))
    assert result == HealthResult(healthy=True, latency=0.25)


def test_refused_connection_is_unhealthy():
    def refuse(address, timeout):
        raise ConnectionRefusedError("refused")

    result = check_tcp("h", 1, connect=refuse)
    assert not result.healthy
    assert result.error.startswith("ConnectionRefusedError")


def test_fastest_prefers_low_latency():
    results = {"a": HealthResult(True, 0.2), "b": HealthResult(True, 0.1)}
    pool = UpstreamPool([("a", 1), ("b", 1)], checker=lambda host, port: results[host])
    assert pool.refresh() == 2
    assert [u.host for u in pool.fastest()] == ["b"]
