"""Turning raw marketplace order payloads (decoded JSON) into our `Order` model."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from .channels import Channel


class OrderError(ValueError):
    """A payload cannot be turned into an order."""


@dataclass(frozen=True)
class OrderLine:
    sku: str
    quantity: int
    unit_price_cents: int

    @property
    def amount_cents(self) -> int:
        return self.quantity * self.unit_price_cents


@dataclass
class Order:
    order_id: str
    channel: str
    currency: str
    lines: list[OrderLine]
    discount_pct: Decimal = Decimal("0")
    shipping_cents: int = 0
    tags: list[str] = field(default_factory=list)

    @property
    def subtotal_cents(self) -> int:
        return sum(line.amount_cents for line in self.lines)

    @property
    def discount_cents(self) -> int:
        raw = Decimal(self.subtotal_cents) * self.discount_pct / 100
        return int(raw.quantize(Decimal("1"), rounding=ROUND_HALF_UP))

    @property
    def total_cents(self) -> int:
        return self.subtotal_cents - self.discount_cents + self.shipping_cents


def _line(item: Mapping[str, Any]) -> OrderLine:
    try:
        line = OrderLine(str(item["sku"]), int(item["qty"]), int(item["unit_price_cents"]))
    except (KeyError, TypeError, ValueError) as exc:
        raise OrderError(f"bad order line {item!r}") from exc
    if line.quantity < 1 or line.unit_price_cents < 0:
        raise OrderError(f"bad quantity or price in {item!r}")
    return line


def normalise_order(raw: Mapping[str, Any], channel: Channel) -> Order:
    """Validate a payload of `channel` and build the order from it.

    Fields the payload leaves out (or sends as null) take the channel's defaults; every order
    is tagged with its channel so the warehouse can route it.
    """
    order_id = str(raw.get("id") or "").strip()
    if not order_id:
        raise OrderError("order without id")
    lines = [_line(item) for item in raw.get("items", [])]
    if not lines:
        raise OrderError(f"order {order_id} has no items")
    discount = raw.get("discount_pct")
    discount_pct = channel.default_discount_pct if discount is None else Decimal(str(discount))
    shipping = raw.get("shipping_cents")
    shipping_cents = channel.default_shipping_cents if shipping is None else int(shipping)
    tags = list(raw.get("tags") or channel.default_tags)
    tags.append(f"channel:{channel.code}")
    return Order(
        order_id=order_id,
        channel=channel.code,
        currency=channel.currency,
        lines=lines,
        discount_pct=discount_pct,
        shipping_cents=shipping_cents,
        tags=tags,
    )
