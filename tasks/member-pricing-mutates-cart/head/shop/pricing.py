"""Pricing of a cart: member prices, line totals, shipping and the amount to pay."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from .cart import Cart
from .tiers import priced_items

FREE_SHIPPING_FROM = Decimal("50.00")
SHIPPING_FEE = Decimal("4.90")


@dataclass(frozen=True)
class QuoteLine:
    sku: str
    quantity: int
    unit_price: Decimal

    @property
    def total(self) -> Decimal:
        return self.unit_price * self.quantity


@dataclass(frozen=True)
class Quote:
    lines: list[QuoteLine]
    subtotal: Decimal
    shipping: Decimal
    savings: Decimal = Decimal("0.00")  # member discount, shown as "You save ..."

    @property
    def total(self) -> Decimal:
        return self.subtotal + self.shipping


def quote(cart: Cart) -> Quote:
    """Price the cart for its owner's tier. Free shipping is based on the discounted subtotal."""
    list_total = sum(
        (i.unit_price * i.quantity for i in cart.items if i.quantity > 0), Decimal("0.00")
    )
    lines = [
        QuoteLine(item.sku, item.quantity, item.unit_price)
        for item in priced_items(cart.items, cart.tier)
    ]
    subtotal = sum((line.total for line in lines), Decimal("0.00"))
    shipping = Decimal("0.00") if subtotal >= FREE_SHIPPING_FROM or not lines else SHIPPING_FEE
    return Quote(lines, subtotal, shipping, savings=list_total - subtotal)
