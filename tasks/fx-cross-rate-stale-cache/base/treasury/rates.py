"""Exchange rates between any two currencies, derived from the EUR reference rates."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_EVEN, Decimal

from .feed import ReferenceRates

RATE_QUANTUM = Decimal("0.000001")
MINOR_UNITS = {"JPY": 0, "KRW": 0, "HUF": 2, "KWD": 3}


class RateBook:
    """The rates currently in force, replaced by each new feed."""

    def __init__(self, reference: ReferenceRates):
        self._as_of = reference.as_of
        self._rates = dict(reference.rates)

    @property
    def as_of(self) -> date:
        return self._as_of

    def refresh(self, reference: ReferenceRates) -> None:
        self._as_of = reference.as_of
        self._rates = dict(reference.rates)

    def _per_euro(self, currency: str) -> Decimal:
        if currency == "EUR":
            return Decimal(1)
        try:
            return self._rates[currency]
        except KeyError:
            raise KeyError(f"no reference rate for {currency}") from None

    def rate(self, base: str, quote: str) -> Decimal:
        """Units of `quote` for one unit of `base`, to six decimal places."""
        if base == quote:
            return Decimal(1)
        cross = self._per_euro(quote) / self._per_euro(base)
        return cross.quantize(RATE_QUANTUM, rounding=ROUND_HALF_EVEN)

    def convert(self, amount: Decimal, base: str, quote: str) -> Decimal:
        quantum = Decimal(1).scaleb(-MINOR_UNITS.get(quote, 2))
        return (amount * self.rate(base, quote)).quantize(quantum, rounding=ROUND_HALF_EVEN)
