"""The daily reference-rate feed (EUR based), as published by the central bank.

Format: a first line `date,YYYY-MM-DD`, then one `CURRENCY,rate` line per currency, where the
rate is the amount of that currency for one euro::

    date,2024-03-15
    USD,1.0892
    JPY,161.79
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation


@dataclass(frozen=True)
class ReferenceRates:
    as_of: date
    rates: dict[str, Decimal]  # units of currency per EUR


def parse_feed(text: str) -> ReferenceRates:
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    if not lines or not lines[0].startswith("date,"):
        raise ValueError("feed must start with a date line")
    as_of = date.fromisoformat(lines[0].removeprefix("date,"))
    rates = {}
    for line in lines[1:]:
        code, _, value = line.partition(",")
        try:
            rate = Decimal(value)
        except InvalidOperation:
            raise ValueError(f"invalid rate for {code}: {value!r}") from None
        if rate <= 0:
            raise ValueError(f"non-positive rate for {code}")
        rates[code.upper()] = rate
    return ReferenceRates(as_of, rates)
