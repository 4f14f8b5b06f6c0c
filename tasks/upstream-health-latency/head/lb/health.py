"""TCP health checks for upstream servers."""

from __future__ import annotations

import contextlib
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass

Connect = Callable[..., socket.socket]


@dataclass(frozen=True)
class HealthResult:
    healthy: bool
    latency: float | None = None  # seconds to establish the connection
    error: str | None = None


def check_tcp(
    host: str,
    port: int,
    *,
    timeout: float = 1.0,
    connect: Connect = socket.create_connection,
    clock: Callable[[], float] = time.perf_counter,
) -> HealthResult:
    """Open a TCP connection to `host:port` and report how long it took.

    The connection is closed straight away; refused, unreachable and timed-out connections
    are unhealthy, with the reason in `error`.
    """
    started = clock()
    try:
        with connect((host, port), timeout=timeout) as sock:
            latency = clock() - started
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
    except OSError as exc:
        return HealthResult(healthy=False, error=f"{type(exc).__name__}: {exc}")
    return HealthResult(healthy=True, latency=latency)
