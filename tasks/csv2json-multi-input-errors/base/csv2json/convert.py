"""Conversion of CSV files into JSON-ready records, with light type inference."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from pathlib import Path

_INT = re.compile(r"[+-]?\d+")
_FLOAT = re.compile(r"[+-]?(\d+\.\d*|\.\d+)([eE][+-]?\d+)?")


class ConversionError(ValueError):
    """A CSV input cannot be converted; the message names the source and the line."""


def infer(value: str) -> object:
    """Turn one CSV field into a JSON value: null, bool, int, float or the stripped string."""
    text = value.strip()
    if text == "":
        return None
    lowered = text.lower()
    if lowered in ("true", "false"):
        return lowered == "true"
    if _INT.fullmatch(text):
        return int(text)
    if _FLOAT.fullmatch(text):
        return float(text)
    return text


def convert_rows(lines: Iterable[str], *, delimiter: str = ",",
                 source: str = "<input>") -> list[dict[str, object]]:
    """Convert CSV lines (the first one is the header) into a list of records."""
    reader = csv.reader(lines, delimiter=delimiter)
    header = next(reader, None)
    if header is None:
        raise ConversionError(f"{source}: empty input, expected a header line")
    columns = [name.strip() for name in header]
    if len(set(columns)) != len(columns) or "" in columns:
        raise ConversionError(f"{source}:1: header has empty or duplicated column names")
    records = []
    for number, row in enumerate(reader, start=2):
        if not row:
            continue
        if len(row) != len(columns):
            raise ConversionError(
                f"{source}:{number}: expected {len(columns)} fields, got {len(row)}"
            )
        records.append(dict(zip(columns, map(infer, row), strict=True)))
    return records


def convert_file(path: Path, *, delimiter: str = ",",
                 encoding: str = "utf-8") -> list[dict[str, object]]:
    """Convert one CSV file; raises OSError or ConversionError."""
    with open(path, newline="", encoding=encoding) as handle:
        return convert_rows(handle, delimiter=delimiter, source=str(path))
