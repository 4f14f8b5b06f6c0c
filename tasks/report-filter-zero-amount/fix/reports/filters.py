"""Filters of the sales report, parsed from the query string of `/reports/sales`.

Example::

    ?from=2024-01-01&to=2024-01-31&min_total=10&max_total=250.00&status=paid&status=refunded

- `from` / `to`: inclusive, the UTC day on which the order was placed;
- `min_total` / `max_total`: inclusive bounds on the order total;
- `status` and `currency` may be repeated; an order matches if it has any of them.

Empty parameters (as submitted by the back-office form) are treated as absent.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date
from decimal import Decimal, InvalidOperation
from urllib.parse import parse_qs

from .orders import STATUSES, Order


class FilterError(ValueError):
    """A query parameter of the report is invalid (answered with HTTP 400)."""


@dataclass(frozen=True)
class ReportFilters:
    date_from: date | None = None
    date_to: date | None = None
    min_total: Decimal | None = None
    max_total: Decimal | None = None
    statuses: frozenset[str] = frozenset()
    currencies: frozenset[str] = frozenset()


def _last(params: dict[str, list[str]], name: str) -> str | None:
    values = [v.strip() for v in params.get(name, []) if v.strip()]
    return values[-1] if values else None


def _all(params: dict[str, list[str]], name: str) -> frozenset[str]:
    return frozenset(v.strip() for v in params.get(name, []) if v.strip())


def _date(params: dict[str, list[str]], name: str) -> date | None:
    text = _last(params, name)
    try:
        return date.fromisoformat(text) if text is not None else None
    except ValueError:
        raise FilterError(f"{name}: expected YYYY-MM-DD, got {text!r}") from None


def _amount(params: dict[str, list[str]], name: str) -> Decimal | None:
    text = _last(params, name)
    if text is None:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise FilterError(f"{name}: not a number: {text!r}") from None
    if not value.is_finite() or value < 0:
        raise FilterError(f"{name}: must be a non-negative amount")
    return value


def parse_filters(query: str) -> ReportFilters:
    params = parse_qs(query)
    filters = ReportFilters(
        date_from=_date(params, "from"),
        date_to=_date(params, "to"),
        min_total=_amount(params, "min_total"),
        max_total=_amount(params, "max_total"),
        statuses=_all(params, "status"),
        currencies=frozenset(c.upper() for c in _all(params, "currency")),
    )
    unknown = filters.statuses - STATUSES
    if unknown:
        raise FilterError(f"status: unknown value(s) {', '.join(sorted(unknown))}")
    return filters


def matches(order: Order, filters: ReportFilters) -> bool:
    day = order.placed_at.astimezone(UTC).date()
    if filters.date_from is not None and day < filters.date_from:
        return False
    if filters.date_to is not None and day > filters.date_to:
        return False
    if filters.min_total is not None and order.total < filters.min_total:
        return False
    if filters.max_total is not None and order.total > filters.max_total:
        return False
    if filters.statuses and order.status not in filters.statuses:
        return False
    return not (filters.currencies and order.currency not in filters.currencies)


def apply_filters(orders: Iterable[Order], filters: ReportFilters) -> list[Order]:
    return [order for order in orders if matches(order, filters)]
