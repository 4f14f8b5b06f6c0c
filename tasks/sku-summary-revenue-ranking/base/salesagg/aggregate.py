"""Aggregation of order lines into per-SKU sales figures."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class OrderLine:
    order_id: str
    sku: str
    units: int
    unit_price_cents: int
    refunded: bool = False


Summary = dict[str, tuple[int, int]]


def summarise(lines: Iterable[OrderLine]) -> Summary:
    """Per SKU: (units sold, revenue in cents). Refunded lines are left out."""
    totals: dict[str, list[int]] = {}
    for line in lines:
        if line.refunded:
            continue
        entry = totals.setdefault(line.sku, [0, 0])
        entry[0] += line.units
        entry[1] += line.units * line.unit_price_cents
    return {sku: (units, revenue) for sku, (units, revenue) in totals.items()}


def merge(*summaries: Summary) -> Summary:
    """Add up summaries of several periods or shops."""
    merged: dict[str, tuple[int, int]] = {}
    for summary in summaries:
        for sku, (units, revenue) in summary.items():
            old_units, old_revenue = merged.get(sku, (0, 0))
            merged[sku] = (old_units + units, old_revenue + revenue)
    return merged
