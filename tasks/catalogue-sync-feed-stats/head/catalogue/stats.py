"""Feed statistics for the sync log and the supplier dashboard."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from .feed import Product


def category_counts(products: Iterable[Product]) -> Counter[str]:
    """How many products each category has."""
    return Counter(product.category for product in products)


def format_counts(counts: Counter[str], limit: int = 5) -> str:
    """'shoes 120, bags 40, ... (+3 more)' with the largest categories first."""
    if not counts:
        return "no products"
    top = counts.most_common(limit)
    text = ", ".join(f"{category} {count}" for category, count in top)
    hidden = len(counts) - len(top)
    return f"{text} (+{hidden} more)" if hidden else text


def shrinkage(before: int, after: int) -> float:
    """The fraction of the catalogue a sync would remove (0.0 when nothing is removed)."""
    if before <= 0 or after >= before:
        return 0.0
    return (before - after) / before
