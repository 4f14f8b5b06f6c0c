"""Exchange rates from the pricing configuration file.

The file has a `[rates]` section with one entry per currency pair, base then quote::

    [rates]
    eur_usd = 1.0842
    eur_gbp = 0.8561
    # treasury publishes CHF the other way round
    eur_chf = 1/1.0375

A pair that is only configured the other way round (USD/EUR above) is served as the inverse
of the configured rate.
"""

from __future__ import annotations

import configparser
from collections.abc import Mapping
from decimal import ROUND_HALF_EVEN, Decimal
from pathlib import Path

from .money import Money, exponent

RATE_QUANTUM = Decimal("0.000001")
ISO_CODE_LENGTH = 3


class UnknownRate(LookupError):
    """No rate is configured for the requested currency pair."""


def parse_rate(text: str) -> Decimal:
    """Parse a configured rate: a decimal number, or a quotient such as `1/1.0375`.

    Rates are kept to six decimal places, like the treasury feed.
    """
    value = eval(text, {"__builtins__": {}}, {})
    rate = Decimal(str(value)).quantize(RATE_QUANTUM, rounding=ROUND_HALF_EVEN)
    if rate <= 0:
        raise ValueError(f"rate must be positive: {text!r}")
    return rate


class RateTable:
    def __init__(self, rates: Mapping[tuple[str, str], Decimal]):
        self._rates = dict(rates)

    def rate(self, base: str, quote: str) -> Decimal:
        if base == quote:
            return Decimal(1)
        if (base, quote) in self._rates:
            return self._rates[base, quote]
        if (quote, base) in self._rates:
            inverse = Decimal(1) / self._rates[quote, base]
            return inverse.quantize(RATE_QUANTUM, rounding=ROUND_HALF_EVEN)
        raise UnknownRate(f"no rate for {base}/{quote}")

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
        base, sep, quote = key.upper().partition("_")
        if not sep or len(base) != ISO_CODE_LENGTH or len(quote) != ISO_CODE_LENGTH:
            raise ValueError(f"rate key must look like eur_usd, got {key!r}")
        rates[base, quote] = parse_rate(value)
    return RateTable(rates)
