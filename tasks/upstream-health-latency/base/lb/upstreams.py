"""The pool of upstream servers and their health."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from .health import check_tcp


@dataclass
class Upstream:
    host: str
    port: int
    healthy: bool = True

    @property
    def address(self) -> str:
        return f"{self.host}:{self.port}"


class UpstreamPool:
    """Upstreams, refreshed by a background health checker."""

    def __init__(
        self,
        upstreams: Iterable[tuple[str, int]],
        checker: Callable[[str, int], bool] = check_tcp,
    ) -> None:
        self._lock = threading.Lock()
        self._upstreams = [Upstream(host, port) for host, port in upstreams]
        self._checker = checker

    def refresh(self) -> int:
        """Health-check every upstream; return how many are healthy."""
        results = [self._checker(u.host, u.port) for u in self._upstreams]
        with self._lock:
            for upstream, healthy in zip(self._upstreams, results, strict=True):
                upstream.healthy = healthy
            return sum(results)

    def healthy(self) -> list[Upstream]:
        with self._lock:
            return [u for u in self._upstreams if u.healthy]
