"""Daily totals per region, the numbers behind the morning sales e-mail."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timezone

from .loading import Sale


@dataclass(frozen=True)
class DayTotal:
    day: date
    region: str
    orders: int
    amount_cents: int


def utc_day(sale: Sale) -> date:
    """The UTC calendar day of a sale: reports are cut at midnight UTC."""
    return sale.sold_at.astimezone(timezone.utc).date()


def between_days(sales: Iterable[Sale], since: date | None = None,
                 until: date | None = None) -> Iterator[Sale]:
    """The sales whose UTC day lies between `since` and `until`, both days included.

    Either bound may be None, leaving that side open. `until` before `since` is an error.
    """
    if since is not None and until is not None and until < since:
        raise ValueError(f"until ({until}) is before since ({since})")
    for sale in sales:
        day = utc_day(sale)
        if since is not None and day < since:
            continue
        if until is not None and day > until:
            continue
        yield sale


def daily_totals(sales: Iterable[Sale]) -> list[DayTotal]:
    """Orders and revenue per (UTC day, region), sorted by day then region."""
    orders: dict[tuple[date, str], int] = defaultdict(int)
    amounts: dict[tuple[date, str], int] = defaultdict(int)
    for sale in sales:
        key = (utc_day(sale), sale.region)
        orders[key] += 1
        amounts[key] += sale.amount_cents
    return [DayTotal(day, region, orders[(day, region)], amounts[(day, region)])
            for day, region in sorted(orders)]


def format_cents(cents: int) -> str:
    sign = "-" if cents < 0 else ""
    whole, rest = divmod(abs(cents), 100)
    return f"{sign}{whole:,}.{rest:02d}"
