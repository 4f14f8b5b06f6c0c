"""Stock alerts for the storefront and the morning e-mail."""

from __future__ import annotations

from collections.abc import Mapping


def out_of_stock(levels: Mapping[str, int]) -> list[str]:
    """SKUs the shop cannot sell any more, sorted."""
    return sorted(sku for sku, on_hand in levels.items() if on_hand <= 0)


def negative_stock(levels: Mapping[str, int]) -> list[str]:
    """SKUs whose replayed stock is below zero: a movement is missing or was booked twice."""
    return sorted(sku for sku, on_hand in levels.items() if on_hand < 0)
