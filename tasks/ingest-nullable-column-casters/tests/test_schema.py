from decimal import Decimal

from ingest.rows import load_feed
from ingest.schema import SchemaError, build_converters


def test_nullable_decimal_column():
    feed = ["sku,discount\n", "A,0.10\n", "B,\n", "C,x\n"]
    result = load_feed(feed, {"discount": "decimal?"})
    assert result.records == [{"discount": Decimal("0.10")}, {"discount": None}]
    assert [error.line for error in result.errors] == [4]


def test_unknown_type_is_rejected():
    try:
        build_converters({"qty": "integer"})
    except SchemaError as exc:
        assert "integer" in str(exc)
    else:
        raise AssertionError("expected SchemaError")
