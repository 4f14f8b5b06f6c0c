"""Invoice totals: net, tax and gross."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from .tax import CENT, tax_for


@dataclass(frozen=True)
class Line:
    description: str
    quantity: int
    unit_price: Decimal


@dataclass(frozen=True)
class Totals:
    net: Decimal
    tax: Decimal

    @property
    def gross(self) -> Decimal:
        return self.net + self.tax


def invoice_totals(lines: list[Line], country: str, region: str | None = None) -> Totals:
    net = sum((line.unit_price * line.quantity for line in lines), Decimal(0))
    net = net.quantize(CENT, rounding=ROUND_HALF_UP)
    return Totals(net, tax_for(net, country, region))
