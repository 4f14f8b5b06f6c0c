"""Stock levels per SKU, replayed from the warehouse's movement log."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

# How one unit of each kind of movement changes (on_hand, reserved, incoming).
EFFECTS: dict[str, tuple[int, int, int]] = {
    "receipt": (1, 0, 0),  # goods in without a purchase order (returns, transfers)
    "sale": (-1, 0, 0),  # goods out without a reservation (shop counter)
    "adjust": (1, 0, 0),  # stock count correction; the quantity carries the sign
    "reserve": (0, 1, 0),  # a paid web order holds the goods
    "release": (0, -1, 0),  # the order was cancelled
    "ship": (-1, -1, 0),  # a reserved order left the warehouse
    "ordered": (0, 0, 1),  # purchase order placed with the supplier
    "delivered": (1, 0, -1),  # purchase order goods arrived
}
KINDS = tuple(EFFECTS)


@dataclass(frozen=True)
class Movement:
    kind: str
    sku: str
    quantity: int


class StockLevel(NamedTuple):
    on_hand: int = 0
    reserved: int = 0
    incoming: int = 0

    @property
    def available(self) -> int:
        """What the shop can still sell: on hand and not promised to an order."""
        return self.on_hand - self.reserved

    @property
    def projected(self) -> int:
        """Available once the open purchase orders arrive."""
        return self.available + self.incoming


def stock_levels(movements: Iterable[Movement]) -> dict[str, StockLevel]:
    """On-hand, reserved and incoming units per SKU after replaying `movements` in order."""
    totals: dict[str, list[int]] = {}
    for movement in movements:
        effect = EFFECTS.get(movement.kind)
        if effect is None:
            raise ValueError(f"unknown movement kind {movement.kind!r}")
        row = totals.setdefault(movement.sku, [0, 0, 0])
        for i, unit in enumerate(effect):
            row[i] += unit * movement.quantity
    return {sku: StockLevel(*row) for sku, row in totals.items()}
