"""Stock alerts for the storefront and the morning e-mail."""

from __future__ import annotations

from collections.abc import Mapping

from .snapshot import StockLevel


def out_of_stock(levels: Mapping[str, StockLevel]) -> list[str]:
    """SKUs the shop cannot sell any more (nothing available), sorted."""
    return sorted(sku for sku, level in levels.items() if level.available <= 0)


def negative_stock(levels: Mapping[str, StockLevel]) -> list[str]:
    """SKUs with a replayed count below zero: a movement is missing or was booked twice."""
    return sorted(sku for sku, level in levels.items() if min(level) < 0)


def over_reserved(levels: Mapping[str, StockLevel]) -> list[str]:
    """SKUs with more units promised to orders than on hand (oversold), sorted."""
    return sorted(sku for sku, level in levels.items()
                  if level.reserved > 0 and level.reserved > level.on_hand)
