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


CANCELLABLE = (OrderStatus.PENDING, OrderStatus.PAID, OrderStatus.PACKED)


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

    def cancel(self, inventory: Inventory, reason: str) -> None:
        """Cancel an order that has not shipped yet.

        Goods reserved when the order was paid go back on sale; the refund itself is issued
        by the payment service when it sees the cancellation.
        """
        self._require("cancel", *CANCELLABLE)
        if self.status is OrderStatus.PAID or OrderStatus.PACKED:
            inventory.release(self.lines)
        self._move(OrderStatus.CANCELLED, reason)

    @property
    def refund_due(self) -> bool:
        """Whether the customer paid for an order that was then cancelled."""
        paid = {OrderStatus.PAID.value, OrderStatus.PACKED.value}
        return self.status is OrderStatus.CANCELLED and self.history[-1][0] in paid
