"""The pool of upstream servers and their health."""

from __future__ import annotations

import math
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from .health import HealthResult, check_tcp


@dataclass
class Upstream:
    host: str
    port: int
    healthy: bool = True
    latency: float | None = None
    last_error: str | None = None

    @property
    def address(self) -> str:
        return f"{self.host}:{self.port}"


class UpstreamPool:
    """Upstreams, refreshed by a background health checker."""

    def __init__(
        self,
        upstreams: Iterable[tuple[str, int]],
        checker: Callable[[str, int], HealthResult] = check_tcp,
    ) -> None:
        self._lock = threading.Lock()
        self._upstreams = [Upstream(host, port) for host, port in upstreams]
        self._checker = checker

    def refresh(self) -> int:
        """Health-check every upstream; return how many are healthy."""
        results = [self._checker(u.host, u.port) for u in self._upstreams]
        with self._lock:
            for upstream, result in zip(self._upstreams, results, strict=True):
                upstream.healthy = result.healthy
                upstream.latency = result.latency
                upstream.last_error = result.error
            return sum(result.healthy for result in results)

    def healthy(self) -> list[Upstream]:
        with self._lock:
            return [u for u in self._upstreams if u.healthy]

    def fastest(self, count: int = 1) -> list[Upstream]:
        """The `count` healthy upstreams with the lowest latency (unmeasured ones last)."""
        if count < 1:
            raise ValueError("count must be at least 1")
        candidates = self.healthy()
        candidates.sort(key=lambda u: math.inf if u.latency is None else u.latency)
        return candidates[:count]
