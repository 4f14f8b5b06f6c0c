"""Column schemas for partner CSV feeds: a type name per column, turned into converters."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from decimal import Decimal, InvalidOperation

Converter = Callable[[str], object]

_TRUE = frozenset({"1", "true", "yes", "y"})
_FALSE = frozenset({"0", "false", "no", "n"})


class SchemaError(ValueError):
    """A schema names a type we do not know how to parse."""


def parse_bool(raw: str) -> bool:
    lowered = raw.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ValueError(f"not a boolean: {raw!r}")


def parse_int(raw: str) -> int:
    return int(raw.strip().replace("_", ""))


def parse_decimal(raw: str) -> Decimal:
    try:
        return Decimal(raw.strip().replace(",", ""))
    except InvalidOperation:
        raise ValueError(f"not a decimal: {raw!r}") from None


def parse_date(raw: str) -> date:
    return date.fromisoformat(raw.strip())


def parse_str(raw: str) -> str:
    return raw.strip()


PARSERS: dict[str, Converter] = {
    "str": parse_str,
    "int": parse_int,
    "decimal": parse_decimal,
    "bool": parse_bool,
    "date": parse_date,
}


def build_converters(schema: Mapping[str, str]) -> dict[str, Converter]:
    """Map each column of `schema` ({"column": "type"}) to the function that parses it.

    A type ending in "?" (such as "decimal?") marks a nullable column: a blank field becomes
    None. A blank field in any other column is an error.
    """
    converters: dict[str, Converter] = {}
    for column, spec in schema.items():
        kind = spec.removesuffix("?")
        nullable = spec.endswith("?")
        if kind not in PARSERS:
            raise SchemaError(f"column {column!r}: unknown type {spec!r}")
        parse = PARSERS[kind]

        def convert(raw: str) -> object:
            if not raw.strip():
                if nullable:
                    return None
                raise ValueError("blank value in a required column")
            return parse(raw)

        converters[column] = convert
    return converters
