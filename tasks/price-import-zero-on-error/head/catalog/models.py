"""Value objects of the catalogue."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal


@dataclass(frozen=True)
class PriceEntry:
    """The price of one SKU in one currency, effective from `valid_from` (inclusive)."""

    sku: str
    currency: str
    amount: Decimal
    valid_from: date


@dataclass(frozen=True)
class RowError:
    """A row of an imported file that was rejected, with the 1-based line number."""

    line: int
    message: str


@dataclass
class ImportReport:
    """Outcome of a tolerant import: the accepted entries and the rejected rows."""

    entries: list[PriceEntry] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors
