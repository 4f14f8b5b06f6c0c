"""Reorder suggestions for the purchasing team."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class ReorderRule:
    minimum: int  # reorder when stock falls to this level or below
    target: int  # order enough to get back to this level


def reorder_suggestions(levels: Mapping[str, int],
                        rules: Mapping[str, ReorderRule]) -> dict[str, int]:
    """Units to order per SKU; SKUs without a rule are never reordered."""
    suggestions: dict[str, int] = {}
    for sku, rule in sorted(rules.items()):
        on_hand = levels.get(sku, 0)
        if on_hand <= rule.minimum:
            suggestions[sku] = rule.target - on_hand
    return suggestions
