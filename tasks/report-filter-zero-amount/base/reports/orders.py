"""The order records the reports are computed from."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

STATUSES = frozenset({"pending", "paid", "refunded", "cancelled"})


@dataclass(frozen=True)
class Order:
    id: str
    placed_at: datetime  # timezone-aware, UTC
    total: Decimal
    currency: str
    status: str

    def __post_init__(self) -> None:
        if self.placed_at.tzinfo is None:
            raise ValueError("placed_at must be timezone-aware")
        if self.status not in STATUSES:
            raise ValueError(f"unknown status {self.status!r}")
