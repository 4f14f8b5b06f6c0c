"""VAT / sales tax rates and tax computation.

Rates are percentages. Tax is computed on the net total of an invoice and rounded half up to
the cent, as required by the tax authorities we file with.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")

RATES = {
    "DE": Decimal("19"),
    "FR": Decimal("20"),
    "CH": Decimal("7.7"),
    "GB": Decimal("20"),
}


def tax_for(net: Decimal, country: str) -> Decimal:
    """Tax due on a net amount for a customer in `country`."""
    try:
        rate = RATES[country]
    except KeyError:
        raise KeyError(f"no tax rate for {country!r}") from None
    return (net * rate / 100).quantize(CENT, rounding=ROUND_HALF_UP)
