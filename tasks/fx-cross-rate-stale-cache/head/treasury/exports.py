"""Price-list exports for resellers: every catalogue price in each reseller currency.

The nightly job loads the morning feed into the shared `RateBook` and then exports one file
per reseller; prices are converted from EUR at the rates in force and rounded to the minor
unit of the target currency.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from decimal import Decimal

from .rates import RateBook


def price_rows(
    book: RateBook, prices: Mapping[str, Decimal], currencies: Iterable[str]
) -> list[dict[str, str]]:
    """One row per SKU: the EUR price and its conversion into each currency."""
    targets = [c.upper() for c in currencies]
    rows = []
    for sku in sorted(prices):
        row = {"sku": sku, "EUR": str(prices[sku])}
        for currency in targets:
            row[currency] = str(book.convert(prices[sku], "EUR", currency))
        rows.append(row)
    return rows


def export_csv(book: RateBook, prices: Mapping[str, Decimal], currencies: Iterable[str]) -> str:
    targets = [c.upper() for c in currencies]
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=["sku", "EUR", *targets], lineterminator="\n")
    writer.writeheader()
    writer.writerows(price_rows(book, prices, targets))
    out.write(f"# rates as of {book.as_of.isoformat()}\n")
    return out.getvalue()
