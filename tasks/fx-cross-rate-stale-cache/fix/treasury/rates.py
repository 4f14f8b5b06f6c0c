"""Exchange rates between any two currencies, derived from the EUR reference rates."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_EVEN, Decimal

from .feed import ReferenceRates

RATE_QUANTUM = Decimal("0.000001")
MINOR_UNITS = {"JPY": 0, "KRW": 0, "HUF": 2, "KWD": 3}


class StaleFeedError(ValueError):
    """A feed older than the rates in force was offered to `RateBook.refresh`."""


class RateBook:
    """The rates currently in force, replaced by each new feed.

    Cross rates are computed on first use and kept, since price-list exports ask for the same
    few pairs hundreds of thousands of times.
    """

    def __init__(self, reference: ReferenceRates):
        self._as_of = reference.as_of
        self._rates = dict(reference.rates)
        self._cross: dict[tuple[str, str], Decimal] = {}

    @property
    def as_of(self) -> date:
        return self._as_of

    def refresh(self, reference: ReferenceRates) -> None:
        """Put a new feed in force. A feed for the same day (a correction) is accepted."""
        if reference.as_of < self._as_of:
            raise StaleFeedError(
                f"feed of {reference.as_of} is older than the rates of {self._as_of}"
            )
        self._as_of = reference.as_of
        self._rates = dict(reference.rates)
        self._cross.clear()

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
        cached = self._cross.get((base, quote))
        if cached is None:
            cross = self._per_euro(quote) / self._per_euro(base)
            cached = cross.quantize(RATE_QUANTUM, rounding=ROUND_HALF_EVEN)
            self._cross[base, quote] = cached
        return cached

    def convert(self, amount: Decimal, base: str, quote: str) -> Decimal:
        quantum = Decimal(1).scaleb(-MINOR_UNITS.get(quote, 2))
        return (amount * self.rate(base, quote)).quantize(quantum, rounding=ROUND_HALF_EVEN)
