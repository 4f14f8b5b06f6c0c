"""Parsing of amounts entered in the back office."""

from __future__ import annotations

import re
from decimal import Decimal

_AMOUNT = re.compile(r"\d+(?:\.\d{1,2})?")


def parse_amount(text: str) -> Decimal:
    """Parse `12`, `12.5` or `12.50` into a Decimal."""
    cleaned = text.strip()
    if not _AMOUNT.fullmatch(cleaned):
        raise ValueError(f"invalid amount: {text!r}")
    return Decimal(cleaned)
