"""Checkout: the order summary page and order placement."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from .cart import Cart
from .pricing import Quote, quote


class PriceChangedError(Exception):
    """The amount to pay differs from the one the customer confirmed."""


@dataclass(frozen=True)
class Order:
    customer_id: str
    lines: list[tuple[str, int, Decimal]]
    total: Decimal


def preview(cart: Cart) -> Quote:
    """The summary shown on the confirmation page."""
    return quote(cart)


def place_order(cart: Cart, confirmed_total: Decimal) -> Order:
    """Place the order, provided the price is still the one the customer confirmed."""
    current = quote(cart)
    if not current.lines:
        raise ValueError("the cart is empty")
    if current.total != confirmed_total:
        raise PriceChangedError(f"total is now {current.total}, confirmed {confirmed_total}")
    return Order(
        cart.customer_id,
        [(line.sku, line.quantity, line.unit_price) for line in current.lines],
        current.total,
    )
