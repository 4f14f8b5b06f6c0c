"""Exchange rates from the pricing configuration file.

The file has a `[rates]` section with one entry per currency pair, base then quote::

    [rates]
    eur_usd = 1.0842
    eur_gbp = 0.8561
"""

from __future__ import annotations

import configparser
from collections.abc import Mapping
from decimal import ROUND_HALF_EVEN, Decimal
from pathlib import Path

from .money import Money, exponent


class UnknownRate(LookupError):
    """No rate is configured for the requested currency pair."""


class RateTable:
    def __init__(self, rates: Mapping[tuple[str, str], Decimal]):
        self._rates = dict(rates)

    def rate(self, base: str, quote: str) -> Decimal:
        if base == quote:
            return Decimal(1)
        try:
            return self._rates[base, quote]
        except KeyError:
            raise UnknownRate(f"no rate for {base}/{quote}") from None

    def convert(self, money: Money, quote: str) -> Money:
        """Convert to `quote`, rounded to the quote currency's minor unit."""
        amount = money.amount * self.rate(money.currency, quote)
        return Money(amount.quantize(exponent(quote), rounding=ROUND_HALF_EVEN), quote)


def load_rates(path: str | Path) -> RateTable:
    parser = configparser.ConfigParser()
    with open(path, encoding="utf-8") as handle:
        parser.read_file(handle)
    rates = {}
    for key, value in parser["rates"].items():
        base, _, quote = key.upper().partition("_")
        rates[base, quote] = Decimal(value)
    return RateTable(rates)
