import io
from datetime import date
from decimal import Decimal

from catalog.importer import parse_price, read_price_list


def test_thousands_separator_and_symbol():
    assert parse_price("€1,299.5") == Decimal("1299.50")


def test_valid_file_imports_everything():
    report = read_price_list(io.StringIO(
        "sku,currency,price,valid_from,notes\n"
        "P-1,EUR,9.99,2024-05-01,spring\n"
        "P-2,usd,$14,2024-05-01,\n"
    ))
    assert report.ok
    assert [(e.sku, e.currency, e.amount) for e in report.entries] == [
        ("P-1", "EUR", Decimal("9.99")),
        ("P-2", "USD", Decimal("14.00")),
    ]
    assert report.entries[0].valid_from == date(2024, 5, 1)


def test_bad_date_is_reported_with_its_line():
    report = read_price_list(io.StringIO(
        "sku,currency,price,valid_from\n"
        "P-1,EUR,9.99,2024-05-01\n"
        "P-2,EUR,9.99,01/05/2024\n"
    ))
    assert [e.sku for e in report.entries] == ["P-1"]
    assert [e.line for e in report.errors] == [3]
