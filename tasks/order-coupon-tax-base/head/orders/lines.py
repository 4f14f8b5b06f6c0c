"""Order lines. Prices are net (VAT excluded), VAT is added per rate on the order."""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal


@dataclass(frozen=True)
class OrderLine:
    sku: str
    quantity: int
    unit_price: Decimal  # net, per unit
    tax_rate: Decimal  # fraction: Decimal("0.19") for 19 %
    discount: Decimal = Decimal(0)  # share of order-level discounts, net, for the whole line

    def __post_init__(self) -> None:
        if self.quantity < 1:
            raise ValueError("quantity must be at least 1")
        if self.unit_price < 0:
            raise ValueError("unit price must not be negative")
        if not 0 <= self.discount <= self.unit_price * self.quantity:
            raise ValueError("discount must be between zero and the line amount")

    def net(self) -> Decimal:
        """The line amount after its share of order-level discounts."""
        return self.unit_price * self.quantity - self.discount

    def with_discount(self, amount: Decimal) -> OrderLine:
        return replace(self, discount=self.discount + amount)
