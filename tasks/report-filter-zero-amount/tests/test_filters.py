from datetime import UTC, date, datetime
from decimal import Decimal

from reports.filters import FilterError, apply_filters, parse_filters
from reports.orders import Order


def _order(oid, total, status="paid", currency="EUR", day=10):
    return Order(oid, datetime(2024, 5, day, 12, tzinfo=UTC), Decimal(total), currency, status)


def test_blank_parameters_are_ignored():
    filters = parse_filters("from=&to=&min_total=&status=")
    assert filters.date_from is None and filters.min_total is None
    assert filters.statuses == frozenset()


def test_amount_range_is_inclusive():
    orders = [_order("a", "9.99"), _order("b", "10.00"), _order("c", "100.00"), _order("d", "100.01")]
    filters = parse_filters("min_total=10&max_total=100")
    assert [o.id for o in apply_filters(orders, filters)] == ["b", "c"]


def test_repeated_status():
    orders = [_order("a", "1", "paid"), _order("b", "1", "refunded"), _order("c", "1", "pending")]
    filters = parse_filters("status=paid&status=refunded")
    assert [o.id for o in apply_filters(orders, filters)] == ["a", "b"]


def test_invalid_date_is_a_filter_error():
    try:
        parse_filters("from=01/05/2024")
    except FilterError:
        assert parse_filters("from=2024-05-01").date_from == date(2024, 5, 1)
        return
    raise AssertionError("invalid date accepted")
