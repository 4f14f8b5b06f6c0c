"""Reorder suggestions for the purchasing team."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from .snapshot import StockLevel


@dataclass(frozen=True)
class ReorderRule:
    minimum: int  # reorder when the projected stock falls to this level or below
    target: int  # order enough to get the projected stock back to this level


def reorder_suggestions(levels: Mapping[str, StockLevel],
                        rules: Mapping[str, ReorderRule]) -> dict[str, int]:
    """Units to order per SKU; SKUs without a rule are never reordered.

    Decisions use the projected stock (available plus open purchase orders): reserved units
    are already sold, and units on order must not be ordered a second time.
    """
    suggestions: dict[str, int] = {}
    for sku, rule in sorted(rules.items()):
        projected = levels.get(sku, StockLevel()).projected
        if projected <= rule.minimum:
            suggestions[sku] = rule.target - projected
    return suggestions
