"""Reading the sales export (CSV with ISO-8601 timestamps) into `Sale` records."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime


class SalesFileError(ValueError):
    """A line of the sales export cannot be read."""


@dataclass(frozen=True)
class Sale:
    sale_id: str
    sold_at: datetime  # always timezone-aware
    region: str
    amount_cents: int


def parse_timestamp(text: str, line: int) -> datetime:
    try:
        value = datetime.fromisoformat(text.strip())
    except ValueError:
        raise SalesFileError(f"line {line}: bad timestamp {text!r}") from None
    if value.tzinfo is None:
        raise SalesFileError(f"line {line}: timestamp {text!r} has no UTC offset")
    return value


def read_sales(lines: Iterable[str]) -> Iterator[Sale]:
    """Yield the sales of an export with columns sale_id, sold_at, region, amount_cents."""
    reader = csv.DictReader(lines)
    for row in reader:
        line = reader.line_num
        try:
            amount = int(row["amount_cents"])
        except (KeyError, TypeError, ValueError):
            raise SalesFileError(f"line {line}: bad or missing amount_cents") from None
        yield Sale(
            sale_id=row["sale_id"].strip(),
            sold_at=parse_timestamp(row["sold_at"], line),
            region=row["region"].strip().upper(),
            amount_cents=amount,
        )
