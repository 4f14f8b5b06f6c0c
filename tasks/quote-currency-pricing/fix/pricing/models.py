"""Requests and constants shared by the pricing modules."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

CENT = Decimal("0.01")

# Regional price adjustment applied to the EUR list price (VAT and distribution costs).
REGION_MULTIPLIERS: dict[str, Decimal] = {
    "eu": Decimal("1.00"),
    "uk": Decimal("1.05"),
    "us": Decimal("0.95"),
    "ch": Decimal("1.12"),
}


@dataclass(frozen=True)
class PriceRequest:
    sku: str
    region: str
    currency: str = "EUR"

    def __post_init__(self) -> None:
        if self.region not in REGION_MULTIPLIERS:
            raise ValueError(f"unknown region {self.region!r}")
        if not re.fullmatch(r"[A-Z]{3}", self.currency):
            raise ValueError(f"currency must be an ISO 4217 code, got {self.currency!r}")

    @property
    def cache_key(self) -> str:
        return f"price:{self.region}:{self.currency}:{self.sku}"
