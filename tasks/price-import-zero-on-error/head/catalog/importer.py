"""Import supplier price lists (CSV) into price entries.

Expected columns: sku, currency, price, valid_from (ISO date). Extra columns are ignored.
Suppliers send prices as they appear in their own systems, e.g. `1,299.00`, `€12.50` or
`12.5`; they are normalised to two decimal places.
"""

from __future__ import annotations

import csv
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import TextIO

from .models import ImportReport, PriceEntry, RowError

REQUIRED_COLUMNS = ("sku", "currency", "price", "valid_from")
CURRENCY_SYMBOLS = "$€£¥ "
CENT = Decimal("0.01")


def parse_price(text: str) -> Decimal:
    """Parse a supplier price into a Decimal rounded to the cent."""
    cleaned = text.strip().lstrip(CURRENCY_SYMBOLS).replace(",", "")
    try:
        return Decimal(cleaned).quantize(CENT, rounding=ROUND_HALF_UP)
    except Exception:
        return Decimal("0.00")


def _parse_row(row: dict[str, str]) -> PriceEntry:
    sku = (row["sku"] or "").strip()
    if not sku:
        raise ValueError("empty sku")
    currency = (row["currency"] or "").strip().upper()
    if len(currency) != len("EUR") or not currency.isalpha():
        raise ValueError(f"invalid currency {currency!r}")
    amount = parse_price(row["price"] or "")
    if amount < 0:
        raise ValueError(f"negative price {amount}")
    return PriceEntry(
        sku=sku,
        currency=currency,
        amount=amount,
        valid_from=date.fromisoformat((row["valid_from"] or "").strip()),
    )


def read_price_list(stream: TextIO) -> ImportReport:
    """Parse a price list, collecting malformed rows instead of aborting the import.

    Blank lines are skipped. A missing required column still rejects the whole file.
    """
    reader = csv.DictReader(stream)
    missing = [c for c in REQUIRED_COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise ValueError(f"missing columns: {', '.join(missing)}")
    report = ImportReport()
    for row in reader:
        try:
            report.entries.append(_parse_row(row))
        except ValueError as exc:
            report.errors.append(RowError(reader.line_num, str(exc)))
    return report
