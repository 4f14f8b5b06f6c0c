"""Pricing a cart: line amounts, discounts and the total the customer pays."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from .models import CartLine
from .promotions import Multibuy


@dataclass(frozen=True)
class QuoteLine:
    sku: str
    quantity: int
    unit_price_cents: int
    discount_cents: int = 0
    offer: str = ""

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


def merge_lines(lines: Iterable[CartLine]) -> list[CartLine]:
    """One line per SKU, in first-seen order, with the quantities added up.

    Customers add the same product from the listing and again from the basket page; a
    multibuy offer has to see the total quantity. The first line's unit price is kept.
    """
    merged: dict[str, CartLine] = {}
    for line in lines:
        first = merged.get(line.sku)
        if first is None:
            merged[line.sku] = replace(line)
        else:
            first.quantity += line.quantity
    return list(merged.values())


def quote(lines: Iterable[CartLine], offers: Sequence[Multibuy] = ()) -> Quote:
    """Price the lines of a cart, applying at most one multibuy offer per SKU."""
    by_sku = {offer.sku: offer for offer in offers}
    priced = []
    for line in merge_lines(lines):
        offer = by_sku.get(line.sku)
        free = offer.free_units(line.quantity) if offer else 0
        priced.append(QuoteLine(line.sku, line.quantity, line.unit_price_cents,
                                discount_cents=free * line.unit_price_cents,
                                offer=offer.label if offer and free else ""))
    return Quote(tuple(priced))
