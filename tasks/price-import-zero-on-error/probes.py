import io

HEADER = "sku,currency,price,valid_from\n"


def _summary(report):
    return {
        "entries": [(e.sku, e.currency, e.amount, e.valid_from) for e in report.entries],
        "errors": [e.line for e in report.errors],
    }


def check_unparseable_prices_are_rejected():
    from catalog.importer import read_price_list

    text = HEADER + (
        "A-1,EUR,12.50,2024-01-01\n"
        "A-2,EUR,12,50,2024-01-01\n"
        "A-3,EUR,twelve,2024-01-01\n"
        "A-4,USD,,2024-01-01\n"
        "A-5,USD,1.2.3,2024-01-01\n"
        "A-6,GBP,£7.25,2024-01-01\n"
    )
    return _summary(read_price_list(io.StringIO(text)))


def check_price_formats():
    from catalog.importer import parse_price

    return [parse_price(t) for t in ["1,299.00", "€12.50", " $ 5", "12.5", "0.125", "19.994",
                                     "£1,000,000"]]


def check_row_validation():
    from catalog.importer import read_price_list

    text = HEADER + (
        "B-1,usd,10.00,2024-02-01\n"
        ",EUR,3.00,2024-02-01\n"
        "B-3,EURO,3.00,2024-02-01\n"
        "B-4,EUR,-3.00,2024-02-01\n"
        "B-5,EUR,3.00,2024-02-30\n"
        "\n"
        "B-6,JPY,¥1500,2024-03-01\n"
        "B-7,EUR,4.00\n"
    )
    return _summary(read_price_list(io.StringIO(text)))


def check_missing_column():
    from catalog.importer import read_price_list

    try:
        read_price_list(io.StringIO("sku,price\nX,1.00\n"))
    except ValueError as exc:
        return ["ValueError", str(exc)]
    return "accepted"
