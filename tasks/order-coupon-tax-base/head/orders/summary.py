"""The totals shown at checkout and printed on the invoice."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from .discounts import ZERO, Coupon, allocate_discount
from .lines import OrderLine
from .tax import CENT, TaxBucket, tax_breakdown


@dataclass(frozen=True)
class OrderSummary:
    net: Decimal  # after discounts
    tax: Decimal
    breakdown: list[TaxBucket]
    discount: Decimal = ZERO

    @property
    def gross(self) -> Decimal:
        return self.net + self.tax


def summarize(lines: Sequence[OrderLine], coupon: Coupon | None = None) -> OrderSummary:
    """Totals of an order, with an optional coupon spread over its lines."""
    subtotal = sum((line.net() for line in lines), Decimal(0))
    discount = coupon.amount_for(subtotal) if coupon else ZERO
    discounted = allocate_discount(lines, discount)
    net = sum((line.net() for line in discounted), Decimal(0))
    breakdown = tax_breakdown(discounted)
    return OrderSummary(
        net.quantize(CENT, rounding=ROUND_HALF_UP),
        sum((b.tax for b in breakdown), Decimal(0)),
        breakdown,
        discount,
    )
