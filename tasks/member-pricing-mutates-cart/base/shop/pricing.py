"""Pricing of a cart: line totals, shipping and the amount to pay."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from .cart import Cart

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

    @property
    def total(self) -> Decimal:
        return self.subtotal + self.shipping


def quote(cart: Cart) -> Quote:
    lines = [QuoteLine(i.sku, i.quantity, i.unit_price) for i in cart.items if i.quantity > 0]
    subtotal = sum((line.total for line in lines), Decimal("0.00"))
    shipping = Decimal("0.00") if subtotal >= FREE_SHIPPING_FROM or not lines else SHIPPING_FEE
    return Quote(lines, subtotal, shipping)
