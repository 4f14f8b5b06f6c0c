"""The supplier's product feed: one JSON object per line."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass


class FeedError(ValueError):
    """A line of the feed is not a valid product."""


@dataclass(frozen=True)
class Product:
    sku: str
    title: str
    category: str
    price_cents: int


def parse_product(data: object, line: int) -> Product:
    if not isinstance(data, dict):
        raise FeedError(f"line {line}: expected an object")
    try:
        product = Product(
            sku=str(data["sku"]).strip(),
            title=str(data["title"]).strip(),
            category=str(data.get("category") or "uncategorised").strip().lower(),
            price_cents=int(data["price_cents"]),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise FeedError(f"line {line}: bad product ({exc})") from None
    if not product.sku or product.price_cents < 0:
        raise FeedError(f"line {line}: empty sku or negative price")
    return product


def iter_feed(lines: Iterable[str]) -> Iterator[Product]:
    """Parse the feed lazily, one product at a time; blank lines are skipped."""
    for number, line in enumerate(lines, start=1):
        if line.strip():
            try:
                data = json.loads(line)
            except json.JSONDecodeError as exc:
                raise FeedError(f"line {number}: invalid JSON ({exc.msg})") from None
            yield parse_product(data, number)
