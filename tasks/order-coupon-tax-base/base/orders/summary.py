"""The totals shown at checkout and printed on the invoice."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from .lines import OrderLine
from .tax import CENT, TaxBucket, tax_breakdown


@dataclass(frozen=True)
class OrderSummary:
    net: Decimal
    tax: Decimal
    breakdown: list[TaxBucket]

    @property
    def gross(self) -> Decimal:
        return self.net + self.tax


def summarize(lines: Sequence[OrderLine]) -> OrderSummary:
    net = sum((line.net() for line in lines), Decimal(0)).quantize(CENT, rounding=ROUND_HALF_UP)
    breakdown = tax_breakdown(lines)
    return OrderSummary(net, sum((b.tax for b in breakdown), Decimal(0)), breakdown)
