"""Customer records as they arrive from the nightly CRM export."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

REQUIRED_COLUMNS = ("external_id", "email", "name", "country")


class RecordError(ValueError):
    """A row of the export cannot be turned into a customer record."""


@dataclass(frozen=True)
class CustomerRecord:
    external_id: str
    email: str
    name: str
    country: str

    @property
    def display(self) -> str:
        return f"{self.name} <{self.email}>" if self.email else self.name


def parse_row(row: dict[str, str], line: int = 0) -> CustomerRecord:
    """Build a record from one CSV row, trimming whitespace around every field."""
    missing = [column for column in REQUIRED_COLUMNS if column not in row]
    if missing:
        raise RecordError(f"line {line}: missing columns {', '.join(missing)}")
    external_id = (row["external_id"] or "").strip()
    if not external_id:
        raise RecordError(f"line {line}: empty external_id")
    return CustomerRecord(
        external_id=external_id,
        email=(row["email"] or "").strip(),
        name=(row["name"] or "").strip(),
        country=(row["country"] or "").strip().upper(),
    )


def read_export(lines: Iterable[str]) -> Iterator[CustomerRecord]:
    """Parse a CSV export (with a header line) lazily, one record per data row."""
    reader = csv.DictReader(lines)
    for number, row in enumerate(reader, start=2):
        yield parse_row(row, line=number)
