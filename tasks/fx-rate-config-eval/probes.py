def _parse_all(texts):
    from pricing.fx import parse_rate

    out = []
    for text in texts:
        try:
            out.append(parse_rate(text))
        except Exception as exc:  # noqa: BLE001 - report the exception type
            out.append(type(exc).__name__)
    return out


def check_rejects_code_in_rates():
    return _parse_all([
        "2 ** 10",
        "().__class__.__base__.__subclasses__() and 1.5",
        "(1.08, 2)[0]",
        "1.07 if () else 1.09",
    ])


def check_plain_and_quotient_rates():
    return _parse_all(["1.0842", "0.8561", "1/1.0375", " 1 / 0.9224 ", "157.31", "1.23456789",
                       "2/3"])


def check_non_positive_rates():
    return _parse_all(["0", "0/5", "-1.2"])


def check_load_and_convert():
    from decimal import Decimal
    from pathlib import Path

    from pricing.fx import UnknownRate, load_rates
    from pricing.money import Money

    Path("pricing.ini").write_text(
        "[rates]\neur_usd = 1.0842\neur_jpy = 157.31\neur_chf = 1/1.0375\n", encoding="utf-8"
    )
    table = load_rates("pricing.ini")
    out = [
        table.rate("EUR", "CHF"),
        table.rate("USD", "EUR"),
        table.convert(Money(Decimal("19.99"), "EUR"), "USD"),
        table.convert(Money(Decimal("19.99"), "EUR"), "JPY"),
        table.convert(Money(Decimal("100.00"), "USD"), "EUR"),
        table.convert(Money(Decimal("12.50"), "CHF"), "CHF"),
    ]
    out = [str(x) for x in out]
    try:
        table.rate("USD", "JPY")
        out.append("found")
    except UnknownRate:
        out.append("UnknownRate")
    return out


def check_bad_rate_key():
    from pathlib import Path

    from pricing.fx import load_rates

    Path("bad.ini").write_text("[rates]\neurusd = 1.0842\n", encoding="utf-8")
    try:
        load_rates("bad.ini")
    except ValueError:
        return "ValueError"
    return "loaded"
