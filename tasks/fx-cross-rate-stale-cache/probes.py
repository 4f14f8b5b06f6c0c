DAY1 = "date,2024-03-14\nUSD,1.0925\nJPY,161.42\nGBP,0.85420\nKWD,0.3361\n"
DAY2 = "date,2024-03-15\nUSD,1.0892\nJPY,161.79\nGBP,0.85550\nKWD,0.3349\n"
DAY2_CORRECTED = "date,2024-03-15\nUSD,1.0898\nJPY,161.79\nGBP,0.85550\nKWD,0.3349\n"


def _book(text=DAY1):
    from treasury.feed import parse_feed
    from treasury.rates import RateBook

    return RateBook(parse_feed(text))


def _snapshot(book):
    from decimal import Decimal

    return [
        book.rate("USD", "JPY"),
        book.rate("EUR", "USD"),
        book.rate("GBP", "USD"),
        book.convert(Decimal("199.99"), "EUR", "JPY"),
        book.convert(Decimal("1250.00"), "USD", "KWD"),
    ]


def check_rates_follow_refresh():
    from treasury.feed import parse_feed

    book = _book()
    out = [_snapshot(book)]
    book.refresh(parse_feed(DAY2))
    out.append(_snapshot(book))
    book.refresh(parse_feed(DAY2_CORRECTED))
    out.append(_snapshot(book))
    return out


def check_nightly_export_after_refresh():
    from decimal import Decimal

    from treasury.exports import export_csv
    from treasury.feed import parse_feed

    prices = {"SKU-2": Decimal("49.00"), "SKU-1": Decimal("1299.90")}
    book = _book()
    export_csv(book, prices, ["usd", "jpy"])
    book.refresh(parse_feed(DAY2))
    return export_csv(book, prices, ["usd", "jpy"]).splitlines()


def check_fresh_book():
    return [_snapshot(_book(DAY1)), _snapshot(_book(DAY2)), _snapshot(_book(DAY2_CORRECTED))]


def check_guards():
    from decimal import Decimal

    from treasury.feed import parse_feed
    from treasury.rates import StaleFeedError

    book = _book(DAY2)
    out = []
    try:
        book.refresh(parse_feed(DAY1))
        out.append("accepted")
    except StaleFeedError:
        out.append("StaleFeedError")
    out.append(str(book.as_of))
    out.append(book.rate("EUR", "EUR"))
    try:
        book.convert(Decimal("1"), "EUR", "CHF")
        out.append("converted")
    except KeyError:
        out.append("KeyError")
    for bad in ("USD,1.1\n", "date,2024-01-01\nUSD,abc\n", "date,2024-01-01\nUSD,0\n"):
        try:
            parse_feed(bad)
            out.append("parsed")
        except ValueError:
            out.append("ValueError")
    return out


def check_export_rows():
    from decimal import Decimal

    from treasury.exports import export_csv, price_rows

    prices = {"B": Decimal("10.00"), "A": Decimal("0.99")}
    book = _book(DAY2)
    return [price_rows(book, prices, ["gbp", "kwd"]), export_csv(book, prices, ["JPY"])]
