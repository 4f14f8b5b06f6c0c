FEED = [
    "sku,qty,discount,delivered_on,gift\n",
    "A-100,3,0.15,2024-03-01,yes\n",
    "B-200,12,,,no\n",
    "C-300,1,,2024-03-09,n\n",
]


def _summary(result):
    return [result.records, [(e.line, e.column) for e in result.errors]]


def check_mixed_schema():
    from ingest.rows import load_feed

    schema = {"sku": "str", "qty": "int", "discount": "decimal?", "delivered_on": "date?",
              "gift": "bool"}
    return _summary(load_feed(FEED, schema))


def check_required_blank_rejected():
    from ingest.rows import load_feed

    schema = {"sku": "str", "discount": "decimal", "delivered_on": "date?"}
    return _summary(load_feed(FEED, schema))


def check_single_nullable_column():
    from ingest.schema import build_converters

    convert = build_converters({"discount": "decimal?"})["discount"]
    return [convert(" 1,250.50 "), convert(""), convert("   ")]


def check_single_required_column():
    from ingest.schema import build_converters

    convert = build_converters({"sku": "str"})["sku"]
    out = [convert("  X1 ")]
    try:
        convert("  ")
        out.append("accepted")
    except ValueError:
        out.append("ValueError")
    return out


def check_unknown_type():
    from ingest.schema import SchemaError, build_converters

    try:
        build_converters({"sku": "str", "price": "money?"})
    except SchemaError as exc:
        return str(exc)
    return "no error"
