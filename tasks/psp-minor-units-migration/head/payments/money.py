"""Money amounts in integer minor units.

The PSP and our database store amounts as integers in the currency's minor unit: cents for
EUR, yen for JPY (no minor unit), fils for BHD (1/1000). Decimal major units only appear at
the edges: what support types in the back office and what the finance ledger records.
"""

from __future__ import annotations

import re
from decimal import Decimal

_AMOUNT = re.compile(r"\d+(?:\.\d+)?")

# ISO 4217 exponents that differ from the default of 2.
EXPONENTS = {"JPY": 0, "KRW": 0, "CLP": 0, "BHD": 3, "KWD": 3, "JOD": 3}


def exponent(currency: str) -> int:
    return EXPONENTS.get(currency.upper(), 2)


def to_minor(amount: Decimal, currency: str) -> int:
    """12.50 EUR -> 1250; rejects amounts finer than the currency's minor unit."""
    scaled = amount * 10 ** exponent(currency)
    if scaled % 1:
        raise ValueError(f"{amount} has too many decimals for {currency}")
    return int(scaled)


def from_minor(units: int, currency: str) -> Decimal:
    """1250 EUR cents -> Decimal("12.50")."""
    return Decimal(units).scaleb(-exponent(currency))


def parse_amount(text: str, currency: str) -> int:
    """Parse an amount typed in the back office (`12`, `12.5`, `12.50`) into minor units."""
    cleaned = text.strip()
    if not _AMOUNT.fullmatch(cleaned):
        raise ValueError(f"invalid amount: {text!r}")
    return to_minor(Decimal(cleaned), currency)
