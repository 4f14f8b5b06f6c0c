"""Turning the rows of a partner feed into typed records, collecting the rows that fail."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from .schema import Converter, build_converters


class RowError(ValueError):
    """One row of a feed could not be converted."""

    def __init__(self, line: int, column: str, message: str):
        super().__init__(f"line {line}, column {column!r}: {message}")
        self.line = line
        self.column = column


@dataclass
class LoadResult:
    records: list[dict[str, object]] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def convert_row(row: Mapping[str, str | None], converters: Mapping[str, Converter],
                line: int = 0) -> dict[str, object]:
    """Convert the columns named by the schema; extra columns of the feed are ignored."""
    record: dict[str, object] = {}
    for column, convert in converters.items():
        raw = row.get(column)
        if raw is None:
            raise RowError(line, column, "missing")
        try:
            record[column] = convert(raw)
        except (ValueError, ArithmeticError) as exc:
            raise RowError(line, column, str(exc)) from exc
    return record


def load_feed(lines: Iterable[str], schema: Mapping[str, str]) -> LoadResult:
    """Convert every data row of a CSV feed; a bad row is recorded and does not stop the load."""
    converters = build_converters(schema)
    result = LoadResult()
    reader = csv.DictReader(lines)
    for row in reader:
        try:
            result.records.append(convert_row(row, converters, reader.line_num))
        except RowError as exc:
            result.errors.append(exc)
    return result
