"""Rendering of a receipt: one row per line item and a total."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from .formatting import format_amount

WIDTH = 40


@dataclass(frozen=True)
class ReceiptLine:
    description: str
    quantity: int
    unit_price: Decimal

    @property
    def total(self) -> Decimal:
        return self.unit_price * self.quantity


def receipt_total(lines: list[ReceiptLine]) -> Decimal:
    return sum((line.total for line in lines), Decimal(0))


def render(lines: list[ReceiptLine], currency: str) -> str:
    rows = []
    for line in lines:
        label = f"{line.quantity} x {line.description}"
        amount = format_amount(line.total, currency)
        rows.append(f"{label:<{WIDTH - len(amount)}}{amount}")
    total = format_amount(receipt_total(lines), currency)
    rows.append("-" * WIDTH)
    rows.append(f"{'TOTAL':<{WIDTH - len(total)}}{total}")
    return "\n".join(rows)
