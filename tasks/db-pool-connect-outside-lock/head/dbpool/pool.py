"""A bounded, non-blocking pool of DB-API connections shared by the request threads."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Protocol


class Connection(Protocol):
    def close(self) -> None: ...


class PoolExhausted(RuntimeError):
    """All `max_size` connections are in use; the request should fail fast with a 503."""


class PoolClosed(RuntimeError):
    pass


@dataclass(frozen=True)
class PoolStats:
    size: int
    idle: int
    max_size: int

    @property
    def in_use(self) -> int:
        return self.size - self.idle


class ConnectionPool:
    """At most `max_size` connections are open at any time (idle + in use).

    Opening and closing connections (network round trips, TLS) happens outside the pool
    lock, so threads that only need an idle connection are never stuck behind a connect.
    """

    def __init__(self, factory: Callable[[], Connection], max_size: int = 10) -> None:
        if max_size < 1:
            raise ValueError("max_size must be at least 1")
        self._factory = factory
        self.max_size = max_size
        self._lock = threading.Lock()
        self._idle: list[Connection] = []
        self._size = 0  # open connections, idle or in use
        self._closed = False

    def acquire(self) -> Connection:
        """An idle connection, or a new one if fewer than `max_size` are open."""
        with self._lock:
            if self._closed:
                raise PoolClosed("pool is closed")
            if self._idle:
                return self._idle.pop()
            if self._size >= self.max_size:
                raise PoolExhausted(f"all {self.max_size} connections are in use")
        conn = self._factory()
        with self._lock:
            self._size += 1
        return conn

    def release(self, conn: Connection, *, broken: bool = False) -> None:
        """Give `conn` back; a broken connection (or any, once closed) is closed instead."""
        with self._lock:
            if not (broken or self._closed):
                self._idle.append(conn)
                return
            self._size -= 1
        conn.close()

    @contextmanager
    def connection(self) -> Iterator[Connection]:
        conn = self.acquire()
        try:
            yield conn
        except BaseException:
            self.release(conn, broken=True)
            raise
        self.release(conn)

    def stats(self) -> PoolStats:
        with self._lock:
            return PoolStats(self._size, len(self._idle), self.max_size)

    def close(self) -> None:
        """Close the idle connections; the ones in use are closed when released."""
        with self._lock:
            self._closed = True
            idle, self._idle = self._idle, []
            self._size -= len(idle)
        for conn in idle:
            conn.close()
