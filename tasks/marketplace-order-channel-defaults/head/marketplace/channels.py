"""Sales channels we receive marketplace orders from, with their order defaults."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal


@dataclass(frozen=True)
class Channel:
    """A sales channel and what to assume when its payloads leave a field out.

    `default_discount_pct` is the channel-wide promotion applied when a payload carries no
    discount of its own, `default_shipping_cents` the flat shipping fee of the channel and
    `default_tags` the tags every order of the channel gets.
    """

    code: str
    currency: str
    default_discount_pct: Decimal = Decimal("0")
    default_shipping_cents: int = 0
    default_tags: list[str] = field(default_factory=list)


CHANNELS: dict[str, Channel] = {
    "ebay": Channel("ebay", "EUR", Decimal("5"), 495, ["marketplace"]),
    "etsy": Channel("etsy", "USD", Decimal("0"), 350, ["marketplace", "handmade"]),
    "zalando": Channel("zalando", "EUR", Decimal("10"), 0, ["marketplace", "fashion"]),
}


def get_channel(code: str) -> Channel:
    try:
        return CHANNELS[code]
    except KeyError:
        raise LookupError(f"unknown sales channel {code!r}") from None
