from datetime import date
from decimal import Decimal

from treasury.exports import price_rows
from treasury.feed import parse_feed
from treasury.rates import RateBook, StaleFeedError

FEED = "date,2024-03-15\nUSD,1.0892\nJPY,161.79\n"


def test_cross_rate_via_euro():
    book = RateBook(parse_feed(FEED))
    assert book.rate("USD", "JPY") == Decimal("148.540213")
    assert book.rate("USD", "JPY") == book.rate("USD", "JPY")


def test_yen_has_no_decimals():
    book = RateBook(parse_feed(FEED))
    assert book.convert(Decimal("10.00"), "EUR", "JPY") == Decimal("1618")


def test_older_feed_is_rejected():
    book = RateBook(parse_feed(FEED))
    try:
        book.refresh(parse_feed("date,2024-03-14\nUSD,1.09\nJPY,161.4\n"))
    except StaleFeedError:
        assert book.as_of == date(2024, 3, 15)
        return
    raise AssertionError("older feed accepted")


def test_price_rows():
    book = RateBook(parse_feed(FEED))
    rows = price_rows(book, {"X": Decimal("100.00")}, ["usd"])
    assert rows == [{"sku": "X", "EUR": "100.00", "USD": "108.92"}]
