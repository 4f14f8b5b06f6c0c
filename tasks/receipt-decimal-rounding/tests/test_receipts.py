from decimal import Decimal

from receipts.formatting import format_amount
from receipts.receipt import ReceiptLine, receipt_total, render


def test_thousands_separator():
    assert format_amount(Decimal("1234.5"), "EUR") == "1,234.50 EUR"


def test_refund_in_parentheses():
    assert format_amount(Decimal("-3"), "EUR", accounting=True) == "(3.00) EUR"


def test_yen_has_no_decimals():
    assert format_amount(Decimal("1200"), "JPY") == "1,200 JPY"


def test_total_is_sum_of_printed_lines():
    lines = [ReceiptLine("Tea", 1, Decimal("1.005")), ReceiptLine("Cake", 1, Decimal("2.005"))]
    assert receipt_total(lines, "EUR") == Decimal("3.02")
    assert render(lines, "EUR").splitlines()[-1].endswith("3.02 EUR")
