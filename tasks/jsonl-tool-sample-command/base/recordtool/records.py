"""Reading JSON Lines record streams."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator


class RecordError(ValueError):
    """A line of the input is not a JSON object."""

    def __init__(self, line: int, message: str):
        super().__init__(f"line {line}: {message}")
        self.line = line


def iter_records(lines: Iterable[str]) -> Iterator[dict]:
    """Yield one dict per non-blank line; raise RecordError on the first bad line."""
    for number, line in enumerate(lines, start=1):
        text = line.strip()
        if not text:
            continue
        try:
            value = json.loads(text)
        except json.JSONDecodeError as exc:
            raise RecordError(number, f"invalid JSON ({exc.msg})") from None
        if not isinstance(value, dict):
            raise RecordError(number, f"expected an object, got {type(value).__name__}")
        yield value


def matches(record: dict, filters: dict[str, str]) -> bool:
    """True when every `key=value` filter equals the record's field, compared as text."""
    for key, expected in filters.items():
        if key not in record or str(record[key]) != expected:
            return False
    return True


def parse_filters(specs: Iterable[str]) -> dict[str, str]:
    """Turn ["status=paid", "country=FR"] into {"status": "paid", "country": "FR"}."""
    filters = {}
    for spec in specs:
        key, sep, value = spec.partition("=")
        if not sep or not key:
            raise ValueError(f"filter {spec!r} is not of the form key=value")
        filters[key] = value
    return filters
