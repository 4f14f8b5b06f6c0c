"""Member pricing: loyalty tiers get a percentage off catalogue prices.

Discounted unit prices are rounded half up to the cent, so that the line total shown to the
customer is exactly unit price x quantity.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

from .cart import CartItem

CENT = Decimal("0.01")
TIER_DISCOUNT_PERCENT = {
    "standard": Decimal(0),
    "silver": Decimal(5),
    "gold": Decimal(10),
}


def member_price(price: Decimal, tier: str) -> Decimal:
    try:
        percent = TIER_DISCOUNT_PERCENT[tier]
    except KeyError:
        raise ValueError(f"unknown tier {tier!r}") from None
    return (price * (100 - percent) / 100).quantize(CENT, rounding=ROUND_HALF_UP)


def priced_items(items: Iterable[CartItem], tier: str) -> list[CartItem]:
    """The cart items that are being bought, at the customer's member price."""
    priced = [item for item in items if item.quantity > 0]
    for item in priced:
        item.unit_price = member_price(item.unit_price, tier)
    return priced
