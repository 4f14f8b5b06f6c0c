"""The order life cycle: pending -> paid -> packed -> shipped, or cancelled."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from .inventory import Inventory


class OrderStatus(Enum):
    PENDING = "pending"
    PAID = "paid"
    PACKED = "packed"
    SHIPPED = "shipped"
    CANCELLED = "cancelled"


class InvalidTransition(Exception):
    """The order is not in a state that allows this step."""


@dataclass(frozen=True)
class Line:
    sku: str
    quantity: int


@dataclass
class Order:
    order_id: str
    lines: list[Line]
    status: OrderStatus = OrderStatus.PENDING
    history: list[tuple[str, str, str]] = field(default_factory=list)

    def _require(self, action: str, *allowed: OrderStatus) -> None:
        if self.status not in allowed:
            raise InvalidTransition(f"cannot {action} order {self.order_id}: "
                                    f"it is {self.status.value}")

    def _move(self, new: OrderStatus, note: str = "") -> None:
        self.history.append((self.status.value, new.value, note))
        self.status = new

    def pay(self, inventory: Inventory) -> None:
        """Payment captured: the goods are reserved for this order."""
        self._require("pay", OrderStatus.PENDING)
        inventory.reserve(self.lines)
        self._move(OrderStatus.PAID)

    def pack(self) -> None:
        self._require("pack", OrderStatus.PAID)
        self._move(OrderStatus.PACKED)

    def ship(self, inventory: Inventory) -> None:
        self._require("ship", OrderStatus.PACKED)
        inventory.commit(self.lines)
        self._move(OrderStatus.SHIPPED)

    def cancel(self, reason: str) -> None:
        """Cancel an order that was not paid yet."""
        self._require("cancel", OrderStatus.PENDING)
        self._move(OrderStatus.CANCELLED, reason)
