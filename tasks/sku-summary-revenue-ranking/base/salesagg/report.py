"""The plain-text weekly sales report sent to the category managers."""

from __future__ import annotations

from .aggregate import Summary


def format_cents(cents: int) -> str:
    return f"{cents // 100:,}.{cents % 100:02d}"


def render_report(summary: Summary, title: str) -> str:
    """One line per SKU, alphabetically, with units and revenue, and a total line."""
    lines = [title, "=" * len(title)]
    total_units = total_revenue = 0
    for sku in sorted(summary):
        units, revenue = summary[sku]
        total_units += units
        total_revenue += revenue
        lines.append(f"{sku:<12} {units:>7} units {format_cents(revenue):>14}")
    lines.append(f"{'TOTAL':<12} {total_units:>7} units {format_cents(total_revenue):>14}")
    return "\n".join(lines) + "\n"
