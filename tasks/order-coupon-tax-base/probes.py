def _lines():
    from decimal import Decimal

    from orders.lines import OrderLine

    return [
        OrderLine("book", 2, Decimal("12.99"), Decimal("0.07")),
        OrderLine("lamp", 1, Decimal("49.90"), Decimal("0.19")),
        OrderLine("cable", 3, Decimal("4.33"), Decimal("0.19")),
    ]


def _view(summary):
    return {
        "net": summary.net,
        "tax": summary.tax,
        "gross": summary.gross,
        "discount": summary.discount,
        "buckets": [b.describe() for b in summary.breakdown],
    }


def check_coupon_reduces_vat_base():
    from decimal import Decimal

    from orders.discounts import Coupon
    from orders.summary import summarize

    return [
        _view(summarize(_lines(), Coupon("TEN", percent_off=Decimal("10")))),
        _view(summarize(_lines(), Coupon("FIVER", amount_off=Decimal("5.00")))),
        _view(summarize(_lines()[:1], Coupon("ALL", amount_off=Decimal("100")))),
    ]


def check_summary_without_coupon():
    from decimal import Decimal

    from orders.discounts import Coupon
    from orders.summary import summarize

    return [_view(summarize(_lines())),
            _view(summarize(_lines(), Coupon("NOTHING", percent_off=Decimal("0"))))]


def check_allocation_adds_up():
    from decimal import Decimal

    from orders.discounts import allocate_discount
    from orders.lines import OrderLine

    lines = [OrderLine(f"s{i}", 1, Decimal("10.00"), Decimal("0.19")) for i in range(3)]
    out = []
    for amount in ("1.00", "0.02", "29.99", "0.00"):
        shares = [line.discount for line in allocate_discount(lines, Decimal(amount))]
        out.append([shares, sum(shares)])
    out.append([line.discount for line in allocate_discount(_lines(), Decimal("7.77"))])
    try:
        allocate_discount(lines, Decimal("30.01"))
        out.append("accepted")
    except ValueError:
        out.append("ValueError")
    return out


def check_coupon_amounts_and_line_rules():
    from decimal import Decimal

    from orders.discounts import Coupon
    from orders.lines import OrderLine

    out = [
        Coupon("A", percent_off=Decimal("15")).amount_for(Decimal("33.33")),
        Coupon("B", percent_off=Decimal("10"), amount_off=Decimal("2")).amount_for(Decimal("50")),
        Coupon("C", amount_off=Decimal("80")).amount_for(Decimal("49.99")),
    ]
    line = OrderLine("x", 2, Decimal("5.00"), Decimal("0.19")).with_discount(Decimal("1.50"))
    out.append(line.net())
    try:
        line.with_discount(Decimal("9.00"))
        out.append("accepted")
    except ValueError:
        out.append("ValueError")
    return out
