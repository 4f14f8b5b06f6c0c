"""The plain-text weekly sales report sent to the category managers."""

from __future__ import annotations

from .aggregate import Summary, top_skus


def format_cents(cents: int) -> str:
    return f"{cents // 100:,}.{cents % 100:02d}"


def render_report(summary: Summary, title: str, top: int | None = None) -> str:
    """One line per SKU, best revenue first, with units and revenue, and a total line.

    With `top`, only the `top` best SKUs are listed (the total still covers all of them).
    """
    lines = [title, "=" * len(title)]
    for sku, revenue, units in top_skus(summary, len(summary) if top is None else top):
        lines.append(f"{sku:<12} {units:>7} units {format_cents(revenue):>14}")
    total_revenue = sum(revenue for revenue, _ in summary.values())
    total_units = sum(units for _, units in summary.values())
    lines.append(f"{'TOTAL':<12} {total_units:>7} units {format_cents(total_revenue):>14}")
    return "\n".join(lines) + "\n"
