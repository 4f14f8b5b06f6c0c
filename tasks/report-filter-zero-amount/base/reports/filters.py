"""Filters of the sales report, parsed from the query string of `/reports/sales`.

Example: `?from=2024-01-01&to=2024-01-31`. Both dates are inclusive and refer to the UTC day
on which the order was placed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date
from urllib.parse import parse_qs

from .orders import Order


@dataclass(frozen=True)
class ReportFilters:
    date_from: date | None = None
    date_to: date | None = None


def parse_filters(query: str) -> ReportFilters:
    params = parse_qs(query)
    date_from = params.get("from", [None])[0]
    date_to = params.get("to", [None])[0]
    return ReportFilters(
        date.fromisoformat(date_from) if date_from else None,
        date.fromisoformat(date_to) if date_to else None,
    )


def matches(order: Order, filters: ReportFilters) -> bool:
    day = order.placed_at.astimezone(UTC).date()
    if filters.date_from is not None and day < filters.date_from:
        return False
    return not (filters.date_to is not None and day > filters.date_to)


def apply_filters(orders: Iterable[Order], filters: ReportFilters) -> list[Order]:
    return [order for order in orders if matches(order, filters)]
