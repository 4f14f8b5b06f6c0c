"""Currency conversion from EUR, with the rates published daily by treasury."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import ROUND_HALF_EVEN, Decimal

from .models import CENT


class UnsupportedCurrency(ValueError):
    pass


class FxTable:
    """EUR -> currency rates (units of the currency for one EUR)."""

    def __init__(self, rates: Mapping[str, Decimal] | None = None) -> None:
        self._rates = {"EUR": Decimal(1), **(rates or {})}

    def currencies(self) -> list[str]:
        return sorted(self._rates)

    def convert(self, amount_eur: Decimal, currency: str) -> Decimal:
        """`amount_eur` in `currency`, rounded half-even to the cent."""
        try:
            rate = self._rates[currency]
        except KeyError:
            raise UnsupportedCurrency(currency) from None
        return (amount_eur * rate).quantize(CENT, rounding=ROUND_HALF_EVEN)
