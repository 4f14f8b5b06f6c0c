class FakeClock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


class FakeSocket:
    def __init__(self, log, fail_shutdown=False):
        self.log = log
        self.fail_shutdown = fail_shutdown

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()
        return False

    def shutdown(self, how):
        self.log.append("shutdown")
        if self.fail_shutdown:
            raise OSError(107, "Transport endpoint is not connected")

    def close(self):
        self.log.append("close")


def _connector(log, clock, outcome, delay=0.25):
    def connect(address, timeout=None):
        log.append(["connect", list(address), timeout])
        clock.now += delay
        if isinstance(outcome, BaseException):
            raise outcome
        return FakeSocket(log, fail_shutdown=outcome == "shutdown-fails")

    return connect


def _result(result):
    return [result.healthy, result.latency, result.error]


def check_healthy_upstream_reports_latency():
    from lb.health import check_tcp

    log, clock = [], FakeClock()
    result = check_tcp("10.0.0.5", 8080, timeout=0.5, connect=_connector(log, clock, "ok"),
                       clock=clock)
    return [_result(result), log]


def check_failures_are_unhealthy():
    import socket

    from lb.health import check_tcp

    out = []
    for outcome in (ConnectionRefusedError(111, "Connection refused"),
                    TimeoutError("timed out"),
                    socket.gaierror(-2, "Name or service not known")):
        log, clock = [], FakeClock()
        result = check_tcp("db", 5432, connect=_connector(log, clock, outcome), clock=clock)
        out.append([_result(result), log])
    return out


def check_socket_closed_when_shutdown_fails():
    from lb.health import check_tcp

    log, clock = [], FakeClock()
    result = check_tcp("10.0.0.6", 80, connect=_connector(log, clock, "shutdown-fails", 0.5),
                       clock=clock)
    return [_result(result), log]


def check_pool_refresh_and_fastest():
    from lb.health import HealthResult
    from lb.upstreams import UpstreamPool

    table = {
        ("a", 1): HealthResult(True, 0.030),
        ("b", 2): HealthResult(False, None, "ConnectionRefusedError: refused"),
        ("c", 3): HealthResult(True, 0.005),
        ("d", 4): HealthResult(True, None),
    }
    pool = UpstreamPool(list(table), checker=lambda host, port: table[(host, port)])
    healthy = pool.refresh()
    out = [healthy, [u.address for u in pool.healthy()],
           [u.address for u in pool.fastest()], [u.address for u in pool.fastest(5)],
           [[u.address, u.latency, u.last_error] for u in pool._upstreams]]
    table[("c", 3)] = HealthResult(False, None, "TimeoutError: timed out")
    out.append([pool.refresh(), [u.address for u in pool.fastest(2)]])
    try:
        pool.fastest(0)
        out.append("accepted")
    except ValueError:
        out.append("ValueError")
    return out
