"""Rendering of a receipt: one row per line item and a total.

Each line total is rounded to the minor unit before it is printed, and the receipt total is
the sum of the printed line totals, so that the column always adds up for the customer.
Refunded items are lines with a negative quantity.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from .formatting import format_amount, quantize

WIDTH = 40


@dataclass(frozen=True)
class ReceiptLine:
    description: str
    quantity: int
    unit_price: Decimal

    def total(self, currency: str) -> Decimal:
        """The line total as printed: rounded to the currency's minor unit."""
        return quantize(self.unit_price * self.quantity, currency)


def receipt_total(lines: list[ReceiptLine], currency: str) -> Decimal:
    return sum((line.total(currency) for line in lines), Decimal(0))


def _row(label: str, amount: str) -> str:
    return f"{label:<{WIDTH - len(amount)}}{amount}"


def render(lines: list[ReceiptLine], currency: str) -> str:
    rows = []
    for line in lines:
        amount = format_amount(line.total(currency), currency, accounting=True)
        rows.append(_row(f"{line.quantity} x {line.description}", amount))
    rows.append("-" * WIDTH)
    total = format_amount(receipt_total(lines, currency), currency, accounting=True)
    rows.append(_row("TOTAL", total))
    return "\n".join(rows)
