"""Sales channels we receive marketplace orders from."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Channel:
    code: str
    currency: str


CHANNELS: dict[str, Channel] = {
    "ebay": Channel("ebay", "EUR"),
    "etsy": Channel("etsy", "USD"),
    "zalando": Channel("zalando", "EUR"),
}


def get_channel(code: str) -> Channel:
    try:
        return CHANNELS[code]
    except KeyError:
        raise LookupError(f"unknown sales channel {code!r}") from None
