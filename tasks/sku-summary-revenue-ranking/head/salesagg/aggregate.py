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
    """Per SKU: (revenue in cents, units sold). Refunded lines are left out.

    Revenue comes first so that sorting the values ranks SKUs by revenue, units breaking ties.
    """
    totals: dict[str, list[int]] = {}
    for line in lines:
        if line.refunded:
            continue
        entry = totals.setdefault(line.sku, [0, 0])
        entry[0] += line.units * line.unit_price_cents
        entry[1] += line.units
    return {sku: (revenue, units) for sku, (revenue, units) in totals.items()}


def merge(*summaries: Summary) -> Summary:
    """Add up summaries of several periods or shops."""
    merged: dict[str, tuple[int, int]] = {}
    for summary in summaries:
        for sku, (revenue, units) in summary.items():
            old_revenue, old_units = merged.get(sku, (0, 0))
            merged[sku] = (old_revenue + revenue, old_units + units)
    return merged


def top_skus(summary: Summary, count: int = 10) -> list[tuple[str, int, int]]:
    """The `count` best-selling SKUs by revenue: (sku, revenue, units), best first."""
    ranked = sorted(summary.items(), key=lambda item: item[1], reverse=True)
    return [(sku, revenue, units) for sku, (revenue, units) in ranked[:count]]
