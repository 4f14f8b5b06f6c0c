"""Promotion codes: percentage or fixed-amount discounts on an order subtotal."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
ZERO = Decimal("0.00")


@dataclass(frozen=True)
class Promotion:
    code: str
    percent_off: Decimal = ZERO
    amount_off: Decimal = ZERO
    minimum_spend: Decimal = ZERO
    stackable: bool = False

    def discount_for(self, subtotal: Decimal) -> Decimal:
        """The discount this promotion grants on `subtotal` (never more than the subtotal)."""
        if subtotal < self.minimum_spend:
            return ZERO
        discount = subtotal * self.percent_off / 100 + self.amount_off
        return min(discount.quantize(CENT, rounding=ROUND_HALF_UP), subtotal)


@dataclass(frozen=True)
class AppliedPromotion:
    code: str
    discount: Decimal


def apply_promotion(
    subtotal: Decimal, code: str, catalogue: Mapping[str, Promotion]
) -> tuple[Decimal, AppliedPromotion | None]:
    """Apply one promotion code; unknown codes leave the subtotal unchanged."""
    promo = catalogue.get(code.strip().upper())
    if promo is None:
        return subtotal, None
    discount = promo.discount_for(subtotal)
    return subtotal - discount, AppliedPromotion(promo.code, discount)
