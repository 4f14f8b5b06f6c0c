"""The shopping cart, kept in the customer's session between requests."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal


@dataclass
class CartItem:
    sku: str
    name: str
    quantity: int
    unit_price: Decimal  # catalogue price, VAT included


@dataclass
class Cart:
    customer_id: str
    tier: str = "standard"
    items: list[CartItem] = field(default_factory=list)

    def add(self, sku: str, name: str, unit_price: Decimal, quantity: int = 1) -> None:
        if quantity < 1:
            raise ValueError("quantity must be at least 1")
        for item in self.items:
            if item.sku == sku:
                item.quantity += quantity
                return
        self.items.append(CartItem(sku, name, quantity, unit_price))

    def set_quantity(self, sku: str, quantity: int) -> None:
        """Change the quantity of an item; zero keeps the row so it can be restored."""
        if quantity < 0:
            raise ValueError("quantity must not be negative")
        for item in self.items:
            if item.sku == sku:
                item.quantity = quantity
                return
        raise KeyError(sku)
