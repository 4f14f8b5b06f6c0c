"""Formatting of money amounts on receipts.

Amounts are rounded commercially (half away from zero) to the minor unit of their currency,
with Decimal arithmetic: going through float made 2.675 print as 2.67.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

# ISO 4217 minor units that differ from the usual two decimals.
MINOR_UNITS = {"JPY": 0, "KRW": 0, "ISK": 0, "BHD": 3, "KWD": 3, "TND": 3}


def minor_units(currency: str) -> int:
    return MINOR_UNITS.get(currency.upper(), 2)


def quantize(amount: Decimal, currency: str) -> Decimal:
    """Round `amount` to the currency's minor unit, half away from zero."""
    quantum = Decimal(1).scaleb(-minor_units(currency))
    return amount.quantize(quantum, rounding=ROUND_HALF_UP)


def format_amount(amount: Decimal, currency: str, *, accounting: bool = False) -> str:
    """Format an amount with thousands separators: `1,234.50 EUR`, `-3.00 EUR`.

    With `accounting=True` negative amounts are shown in parentheses, `(3.00) EUR`, which is
    how refunds are printed.
    """
    if not isinstance(amount, Decimal):
        raise TypeError(f"amount must be a Decimal, not {type(amount).__name__}")
    value = quantize(amount, currency)
    text = f"{abs(value):,.{minor_units(currency)}f}"
    if value < 0:
        text = f"({text})" if accounting else f"-{text}"
    return f"{text} {currency}"
