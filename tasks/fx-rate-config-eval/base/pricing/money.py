"""A small money type: a Decimal amount in a given ISO 4217 currency."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal

# Minor units per currency; anything not listed uses two decimal places.
MINOR_UNITS = {"JPY": 0, "KRW": 0, "BHD": 3, "KWD": 3}
CODE_LENGTH = 3


def exponent(currency: str) -> Decimal:
    """The quantum of a currency: Decimal("0.01") for EUR, Decimal("1") for JPY."""
    places = MINOR_UNITS.get(currency, 2)
    return Decimal(1).scaleb(-places)


@dataclass(frozen=True)
class Money:
    amount: Decimal
    currency: str

    def __post_init__(self) -> None:
        if len(self.currency) != CODE_LENGTH or not self.currency.isupper():
            raise ValueError(f"not an ISO 4217 code: {self.currency!r}")
        if not isinstance(self.amount, Decimal):
            raise TypeError("amount must be a Decimal")

    def rounded(self) -> Money:
        """The amount rounded to the currency's minor unit (banker's rounding)."""
        return Money(
            self.amount.quantize(exponent(self.currency), rounding=ROUND_HALF_EVEN),
            self.currency,
        )

    def __add__(self, other: Money) -> Money:
        if other.currency != self.currency:
            raise ValueError(f"cannot add {other.currency} to {self.currency}")
        return Money(self.amount + other.amount, self.currency)

    def __str__(self) -> str:
        return f"{self.rounded().amount} {self.currency}"
