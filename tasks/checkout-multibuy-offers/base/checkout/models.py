"""Shopping carts as the storefront sends them to checkout."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class CartLine:
    sku: str
    quantity: int
    unit_price_cents: int


@dataclass
class Cart:
    cart_id: str
    lines: list[CartLine] = field(default_factory=list)

    def add(self, sku: str, quantity: int, unit_price_cents: int) -> CartLine:
        """Append a line, as the storefront does for every "add to basket" click."""
        if quantity < 1:
            raise ValueError("quantity must be at least 1")
        line = CartLine(sku, quantity, unit_price_cents)
        self.lines.append(line)
        return line

    def units(self) -> dict[str, int]:
        """Units per SKU over all lines."""
        totals: dict[str, int] = {}
        for line in self.lines:
            totals[line.sku] = totals.get(line.sku, 0) + line.quantity
        return totals
