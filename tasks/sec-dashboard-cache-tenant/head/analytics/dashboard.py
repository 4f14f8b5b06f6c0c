"""The dashboard's summary endpoint."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from . import queries
from .cache import ttl_cache
from .context import require_role

# The summary runs two aggregate queries over the whole orders table and the dashboard polls it
# every few seconds per open tab; a minute of staleness is fine for these numbers.
SUMMARY_TTL_S = 60.0


@dataclass(frozen=True)
class Summary:
    year: int
    revenue_by_month: tuple[tuple[str, int], ...]
    top_customers: tuple[tuple[str, int], ...]

    @property
    def total_cents(self) -> int:
        return sum(total for _, total in self.revenue_by_month)


class DashboardService:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    @ttl_cache(SUMMARY_TTL_S)
    def summary(self, year: int) -> Summary:
        """Revenue per month and top customers of the caller's tenant (analysts only)."""
        require_role("analytics")
        return Summary(
            year,
            queries.revenue_by_month(self._conn, year),
            queries.top_customers(self._conn, year),
        )
