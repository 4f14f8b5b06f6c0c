"""Invoices and their payment terms.

All timestamps handled by the billing package are timezone-aware; invoices are issued in UTC
and the customer-facing layer converts them for display.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")


@dataclass(frozen=True)
class InvoiceLine:
    description: str
    quantity: int
    unit_price: Decimal

    @property
    def amount(self) -> Decimal:
        """The line amount, rounded to the cent."""
        return (self.unit_price * self.quantity).quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass
class Invoice:
    number: str
    customer_id: str
    issued_at: datetime
    terms_days: int = 30
    lines: list[InvoiceLine] = field(default_factory=list)
    paid_at: datetime | None = None

    def __post_init__(self) -> None:
        if self.issued_at.tzinfo is None:
            raise ValueError("issued_at must be timezone-aware")
        if self.terms_days < 0:
            raise ValueError("terms_days must not be negative")

    @property
    def due_at(self) -> datetime:
        """When payment is due: the issue time plus the payment terms."""
        return self.issued_at + timedelta(days=self.terms_days)

    @property
    def total(self) -> Decimal:
        return sum((line.amount for line in self.lines), Decimal("0.00"))

    def mark_paid(self, when: datetime) -> None:
        if when.tzinfo is None:
            raise ValueError("payment time must be timezone-aware")
        self.paid_at = when
