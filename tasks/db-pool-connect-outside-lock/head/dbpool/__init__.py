"""A small connection pool for the reporting service's PostgreSQL connections."""

from .pool import ConnectionPool, PoolClosed, PoolExhausted, PoolStats

__all__ = ["ConnectionPool", "PoolClosed", "PoolExhausted", "PoolStats"]
