"""Bank statement import: turning the bank's export into statement lines."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date


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
