"""Stock levels per SKU, replayed from the warehouse's movement log."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

KINDS = ("receipt", "sale", "adjust")


@dataclass(frozen=True)
class Movement:
    kind: str  # receipt: goods in; sale: goods out; adjust: stock count correction (+/-)
    sku: str
    quantity: int


def stock_levels(movements: Iterable[Movement]) -> dict[str, int]:
    """Units on hand per SKU after replaying `movements` in order."""
    levels: dict[str, int] = {}
    for movement in movements:
        if movement.kind not in KINDS:
            raise ValueError(f"unknown movement kind {movement.kind!r}")
        sign = -1 if movement.kind == "sale" else 1
        levels[movement.sku] = levels.get(movement.sku, 0) + sign * movement.quantity
    return levels
