"""Bank statement import: turning the bank's export into statement lines."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

CSV_COLUMNS = ("Booking date", "Amount", "Currency", "Reference", "Counterparty")
_AMOUNT = re.compile(r"-?\d{1,3}(,?\d{3})*(\.\d{1,2})?")


class StatementError(ValueError):
    """A line of the bank export cannot be read."""


@dataclass(frozen=True)
class StatementLine:
    booked_on: date
    amount_cents: int  # positive: money received, negative: money paid out
    reference: str
    counterparty: str


def _legacy_date(text: str, number: int) -> date:
    if len(text) != 8 or not text.isdigit():
        raise StatementError(f"line {number}: bad booking date {text!r}")
    return date(int(text[:4]), int(text[4:6]), int(text[6:]))


def parse_legacy(lines: Iterable[str]) -> list[StatementLine]:
    """The legacy export: one `YYYYMMDD;amount in cents;reference;counterparty` per line."""
    parsed = []
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        fields = raw.rstrip("\n").split(";")
        if len(fields) != 4:
            raise StatementError(f"line {number}: expected 4 fields, got {len(fields)}")
        booked, amount, reference, counterparty = fields
        try:
            cents = int(amount)
        except ValueError:
            raise StatementError(f"line {number}: bad amount {amount!r}") from None
        parsed.append(StatementLine(_legacy_date(booked, number), cents, reference.strip(),
                                    counterparty.strip()))
    return parsed


def parse_amount(text: str) -> int:
    """Parse an amount of the CSV export into cents: '1,234.56' -> 123456, '-19.9' -> -1990."""
    cleaned = text.strip()
    if not _AMOUNT.fullmatch(cleaned):
        raise ValueError(f"bad amount {text!r}")
    return int(Decimal(cleaned.replace(",", "")) * 100)


def _csv_date(text: str, number: int) -> date:
    day, _, rest = text.strip().partition(".")
    month, _, year = rest.partition(".")
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        raise StatementError(f"line {number}: bad booking date {text!r}") from None


def parse_csv(lines: Iterable[str], currency: str = "EUR") -> list[StatementLine]:
    """The CSV export of the new banking portal (dates as DD.MM.YYYY, amounts in units).

    Lines in another currency than `currency` are refused: they belong to another account.
    """
    reader = csv.DictReader(lines)
    missing = [c for c in CSV_COLUMNS if c not in (reader.fieldnames or ())]
    if missing:
        raise StatementError(f"line 1: missing columns {', '.join(missing)}")
    parsed = []
    for row in reader:
        number = reader.line_num
        if row["Currency"].strip() != currency:
            raise StatementError(f"line {number}: currency {row['Currency']!r}, not {currency}")
        try:
            cents = parse_amount(row["Amount"])
        except ValueError as exc:
            raise StatementError(f"line {number}: {exc}") from None
        parsed.append(StatementLine(_csv_date(row["Booking date"], number), cents,
                                    row["Reference"].strip(), row["Counterparty"].strip()))
    return parsed
