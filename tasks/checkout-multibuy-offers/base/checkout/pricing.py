"""Pricing a cart: line amounts, discounts and the total the customer pays."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .models import CartLine


@dataclass(frozen=True)
class QuoteLine:
    sku: str
    quantity: int
    unit_price_cents: int
    discount_cents: int = 0

    @property
    def amount_cents(self) -> int:
        return self.quantity * self.unit_price_cents - self.discount_cents


@dataclass(frozen=True)
class Quote:
    lines: tuple[QuoteLine, ...]

    @property
    def subtotal_cents(self) -> int:
        return sum(line.quantity * line.unit_price_cents for line in self.lines)

    @property
    def discount_cents(self) -> int:
        return sum(line.discount_cents for line in self.lines)

    @property
    def total_cents(self) -> int:
        return self.subtotal_cents - self.discount_cents


def quote(lines: Iterable[CartLine]) -> Quote:
    """Price the lines of a cart."""
    return Quote(tuple(QuoteLine(line.sku, line.quantity, line.unit_price_cents)
                       for line in lines))
