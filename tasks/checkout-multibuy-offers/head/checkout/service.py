"""Checkout: price the cart, reserve the goods, hand back a receipt."""

from __future__ import annotations

from dataclasses import dataclass, field
from collections.abc import Sequence
from typing import Protocol

from .models import Cart
from .pricing import Quote, quote
from .promotions import Multibuy


class StockService(Protocol):
    def reserve(self, sku: str, quantity: int) -> None:
        """Reserve units of a SKU for an order; raises when there is not enough stock."""


@dataclass
class Receipt:
    cart_id: str
    quote: Quote
    reserved: dict[str, int] = field(default_factory=dict)

    @property
    def total_cents(self) -> int:
        return self.quote.total_cents


def checkout(cart: Cart, stock: StockService, offers: Sequence[Multibuy] = ()) -> Receipt:
    """Price `cart` with the running multibuy `offers` and reserve every line of it."""
    if not cart.lines:
        raise ValueError(f"cart {cart.cart_id} is empty")
    receipt = Receipt(cart.cart_id, quote(cart.lines, offers))
    for line in cart.lines:
        stock.reserve(line.sku, line.quantity)
        receipt.reserved[line.sku] = receipt.reserved.get(line.sku, 0) + line.quantity
    return receipt
