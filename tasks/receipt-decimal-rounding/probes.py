def check_half_cent_rounding():
    from decimal import Decimal

    from receipts.formatting import format_amount

    values = ["2.675", "2.665", "-2.675", "0.005", "-0.005", "-0.004", "1234567.891", "0"]
    return [format_amount(Decimal(v), "EUR") for v in values]


def check_accounting_and_minor_units():
    from decimal import Decimal

    from receipts.formatting import format_amount

    cases = [("-1234.5", "EUR"), ("1500.5", "JPY"), ("-2.5", "JPY"), ("12.3456", "KWD"),
             ("-0.0004", "BHD"), ("99.995", "usd")]
    return [format_amount(Decimal(v), c, accounting=True) for v, c in cases]


def check_rejects_floats():
    from receipts.formatting import format_amount

    try:
        return format_amount(2.675, "EUR")
    except TypeError:
        return "TypeError"


def check_receipt_adds_up():
    from decimal import Decimal

    from receipts.receipt import ReceiptLine, receipt_total, render

    lines = [
        ReceiptLine("Espresso", 3, Decimal("2.335")),
        ReceiptLine("Croissant", 2, Decimal("1.675")),
        ReceiptLine("Returned mug", -1, Decimal("12.005")),
    ]
    return [receipt_total(lines, "EUR"), render(lines, "EUR").splitlines()]
