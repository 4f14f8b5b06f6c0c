"""CSV export of the per-SKU summary, loaded by the finance team's BI tool."""

from __future__ import annotations

import csv
from typing import TextIO

from .aggregate import Summary

HEADER = ("sku", "units", "revenue", "avg_price")


def _money(cents: int) -> str:
    return f"{cents / 100:.2f}"


def write_summary_csv(summary: Summary, out: TextIO) -> int:
    """Write one row per SKU (sorted by SKU); returns the number of rows written."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADER)
    rows = 0
    for sku, (units, revenue) in sorted(summary.items()):
        average = round(revenue / units) if units else 0
        writer.writerow((sku, units, _money(revenue), _money(average)))
        rows += 1
    return rows
