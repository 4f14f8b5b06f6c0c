from decimal import Decimal

from pricing.fx import RateTable, parse_rate
from pricing.money import Money


def test_plain_rate_is_kept_to_six_places():
    assert parse_rate("1.0842") == Decimal("1.084200")


def test_quotient_rate():
    assert parse_rate("1/1.0375") == Decimal("0.963855")


def test_inverse_pair_is_served():
    table = RateTable({("EUR", "USD"): Decimal("1.25")})
    assert table.rate("USD", "EUR") == Decimal("0.800000")
    assert table.convert(Money(Decimal("10.00"), "USD"), "EUR") == Money(Decimal("8.00"), "EUR")


def test_zero_rate_is_rejected():
    try:
        parse_rate("0")
    except ValueError:
        return
    raise AssertionError("a zero rate was accepted")
