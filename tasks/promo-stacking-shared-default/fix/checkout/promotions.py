"""Promotion codes: percentage or fixed-amount discounts on an order subtotal.

Several codes can be entered at checkout. They are applied in the order given, each one on
the subtotal left by the previous ones. A non-stackable promotion is only applied when no
other promotion is on the order yet, and stackable ones are never combined with an
already-applied non-stackable one.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
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
    stackable: bool = True


def _blocks(applied: list[AppliedPromotion], promo: Promotion) -> bool:
    if any(a.code == promo.code for a in applied):
        return True
    if not applied:
        return False
    return not promo.stackable or any(not a.stackable for a in applied)


def apply_promotions(
    subtotal: Decimal,
    codes: Iterable[str],
    catalogue: Mapping[str, Promotion],
    applied: list[AppliedPromotion] | None = None,
) -> tuple[Decimal, list[AppliedPromotion]]:
    """Apply promotion codes in order and return the new subtotal and the applied promotions.

    `applied` holds promotions already on the order (automatic campaigns, a code entered on a
    previous page); it is extended with the codes applied here. Unknown codes and codes that
    cannot be combined with what is already applied are ignored.
    """
    applied = [] if applied is None else applied
    for raw in codes:
        promo = catalogue.get(raw.strip().upper())
        if promo is None or _blocks(applied, promo):
            continue
        discount = promo.discount_for(subtotal)
        if discount == ZERO:
            continue
        subtotal -= discount
        applied.append(AppliedPromotion(promo.code, discount, promo.stackable))
    return subtotal, applied


def apply_promotion(
    subtotal: Decimal, code: str, catalogue: Mapping[str, Promotion]
) -> tuple[Decimal, AppliedPromotion | None]:
    """Apply one promotion code; unknown codes leave the subtotal unchanged."""
    subtotal, applied = apply_promotions(subtotal, [code], catalogue, [])
    return subtotal, (applied[0] if applied else None)
