def _orders():
    from datetime import UTC, datetime, timedelta, timezone
    from decimal import Decimal

    from reports.orders import Order

    cet = timezone(timedelta(hours=1))
    rows = [
        ("o1", datetime(2024, 1, 1, 0, 30, tzinfo=cet), "0.00", "EUR", "paid"),
        ("o2", datetime(2024, 1, 1, 12, 0, tzinfo=UTC), "49.90", "EUR", "paid"),
        ("o3", datetime(2024, 1, 15, 23, 59, tzinfo=UTC), "250.00", "USD", "refunded"),
        ("o4", datetime(2024, 1, 31, 23, 30, tzinfo=cet), "0.00", "USD", "paid"),
        ("o5", datetime(2024, 2, 1, 0, 0, tzinfo=UTC), "10.00", "eur", "pending"),
        ("o6", datetime(2024, 1, 20, 8, 0, tzinfo=UTC), "250.01", "EUR", "cancelled"),
    ]
    return [Order(i, t, Decimal(a), c, s) for i, t, a, c, s in rows]


def _ids(query):
    from reports.filters import apply_filters, parse_filters

    return [o.id for o in apply_filters(_orders(), parse_filters(query))]


def check_zero_total_bound():
    return [
        _ids("max_total=0"),
        _ids("max_total=0.00&status=paid"),
        _ids("min_total=0&max_total=0&currency=usd"),
    ]


def check_combined_filters():
    return [
        _ids(""),
        _ids("from=2024-01-01&to=2024-01-31"),
        _ids("from=2024-01-15&status=paid&status=refunded"),
        _ids("min_total=10&max_total=250.00"),
        _ids("min_total=&max_total=&to=&currency=USD"),
        _ids("max_total=49.90&max_total=300"),
    ]


def check_parse_errors():
    from reports.filters import FilterError, parse_filters

    out = []
    for query in ("from=2024-13-01", "min_total=ten", "max_total=-5", "status=shipped",
                  "max_total=NaN", "to=2024-02-30"):
        try:
            parse_filters(query)
            out.append("accepted")
        except FilterError as exc:
            out.append(str(exc))
    return out


def check_parsed_values():
    from reports.filters import parse_filters

    f = parse_filters("from=2024-03-01&min_total=+5.50&currency=eur&currency=usd&status= paid ")
    return [f.date_from, f.date_to, f.min_total, f.max_total, f.statuses, f.currencies]
