"""Import supplier price lists (CSV) into price entries.

Expected columns: sku, currency, price, valid_from (ISO date). Extra columns are ignored.
"""

from __future__ import annotations

import csv
from datetime import date
from decimal import Decimal
from typing import TextIO

from .models import PriceEntry

REQUIRED_COLUMNS = ("sku", "currency", "price", "valid_from")


def _parse_row(row: dict[str, str]) -> PriceEntry:
    return PriceEntry(
        sku=row["sku"].strip(),
        currency=row["currency"].strip().upper(),
        amount=Decimal(row["price"]),
        valid_from=date.fromisoformat(row["valid_from"].strip()),
    )


def read_price_list(stream: TextIO) -> list[PriceEntry]:
    """Parse a whole price list; the first malformed row aborts the import."""
    reader = csv.DictReader(stream)
    missing = [c for c in REQUIRED_COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise ValueError(f"missing columns: {', '.join(missing)}")
    return [_parse_row(row) for row in reader]
