"""VAT / sales tax rates and tax computation.

Rates are percentages, maintained by the finance team in `data/tax_rates.json` so that a rate
change no longer needs a release. Keys are ISO country codes, optionally followed by a region
(`US-NY`); a region without its own entry falls back to its country.

Tax is computed on the net total of an invoice and rounded half up to the cent, as required
by the tax authorities we file with.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from pathlib import Path

CENT = Decimal("0.01")
HUNDRED = Decimal(100)
DEFAULT_RATES_PATH = Path(__file__).parent / "data" / "tax_rates.json"


class TaxTable:
    def __init__(self, rates: Mapping[str, Decimal]):
        """`rates` maps a jurisdiction to a fraction (0.19 for 19 %)."""
        self._rates = dict(rates)

    def rate_for(self, country: str, region: str | None = None) -> Decimal:
        if region is not None and f"{country}-{region}" in self._rates:
            return self._rates[f"{country}-{region}"]
        try:
            return self._rates[country]
        except KeyError:
            raise KeyError(f"no tax rate for {country!r}") from None

    def tax_for(self, net: Decimal, country: str, region: str | None = None) -> Decimal:
        """Tax due on a net amount for a customer in `country` (and `region`)."""
        rate = self.rate_for(country, region)
        return (net * rate).quantize(CENT, rounding=ROUND_HALF_UP)


def load_tax_table(path: str | Path = DEFAULT_RATES_PATH) -> TaxTable:
    """Load percentages from a JSON object such as `{"DE": 19, "US-NY": 8.875}`."""
    with open(path, encoding="utf-8") as handle:
        raw = json.load(handle, parse_float=Decimal)
    rates = {}
    for key, percent in raw.items():
        rate = Decimal(percent) / HUNDRED
        if not 0 <= rate < 1:
            raise ValueError(f"tax rate out of range for {key}: {percent}")
        rates[key.upper()] = rate
    return TaxTable(rates)


@lru_cache(maxsize=1)
def default_table() -> TaxTable:
    """The table shipped with the package, loaded once per process."""
    return load_tax_table()


def tax_for(net: Decimal, country: str, region: str | None = None) -> Decimal:
    """Tax due on a net amount, using the rates shipped with the package."""
    return default_table().tax_for(net, country, region)
