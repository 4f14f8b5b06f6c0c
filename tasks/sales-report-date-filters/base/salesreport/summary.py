"""Daily totals per region, the numbers behind the morning sales e-mail."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
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
