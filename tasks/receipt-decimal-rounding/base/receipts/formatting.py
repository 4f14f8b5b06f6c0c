"""Formatting of money amounts on receipts."""

from __future__ import annotations

from decimal import Decimal


def format_amount(amount: Decimal | float, currency: str) -> str:
    """Format an amount with two decimals and thousands separators: `1,234.50 EUR`."""
    value = round(float(amount), 2)
    return f"{value:,.2f} {currency}"
