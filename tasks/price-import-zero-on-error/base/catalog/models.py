"""Value objects of the catalogue."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal


@dataclass(frozen=True)
class PriceEntry:
    """The price of one SKU in one currency, effective from `valid_from` (inclusive)."""

    sku: str
    currency: str
    amount: Decimal
    valid_from: date
