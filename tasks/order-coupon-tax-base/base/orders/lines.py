"""Order lines. Prices are net (VAT excluded), VAT is added per rate on the order."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class OrderLine:
    sku: str
    quantity: int
    unit_price: Decimal  # net, per unit
    tax_rate: Decimal  # fraction: Decimal("0.19") for 19 %

    def __post_init__(self) -> None:
        if self.quantity < 1:
            raise ValueError("quantity must be at least 1")
        if self.unit_price < 0:
            raise ValueError("unit price must not be negative")

    def net(self) -> Decimal:
        return self.unit_price * self.quantity
