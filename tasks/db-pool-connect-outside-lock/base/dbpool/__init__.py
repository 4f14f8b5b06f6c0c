"""A small connection pool for the reporting service's PostgreSQL connections."""

from .pool import ConnectionPool, PoolClosed, PoolExhausted

__all__ = ["ConnectionPool", "PoolClosed", "PoolExhausted"]
