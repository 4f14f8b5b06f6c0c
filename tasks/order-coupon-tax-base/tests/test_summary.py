from decimal import Decimal

from orders.discounts import Coupon, allocate_discount
from orders.lines import OrderLine
from orders.summary import summarize

LINES = [
    OrderLine("book", 1, Decimal("20.00"), Decimal("0.07")),
    OrderLine("pen", 2, Decimal("15.00"), Decimal("0.19")),
]


def test_summary_without_coupon():
    summary = summarize(LINES)
    assert summary.net == Decimal("50.00")
    assert summary.tax == Decimal("7.10")
    assert summary.gross == Decimal("57.10")


def test_coupon_lowers_net():
    summary = summarize(LINES, Coupon("TEN", percent_off=Decimal("10")))
    assert summary.discount == Decimal("5.00")
    assert summary.net == Decimal("45.00")


def test_allocation_is_proportional():
    shares = [line.discount for line in allocate_discount(LINES, Decimal("5.00"))]
    assert shares == [Decimal("2.00"), Decimal("3.00")]
