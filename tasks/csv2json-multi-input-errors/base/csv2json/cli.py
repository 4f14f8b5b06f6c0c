"""`csv2json`: convert a CSV file into a JSON array (or JSON Lines) on standard output."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from .convert import ConversionError, convert_file


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="csv2json", description=__doc__)
    parser.add_argument("input", type=Path, help="CSV file to convert")
    parser.add_argument("-d", "--delimiter", default=",", help="field delimiter (default ,)")
    parser.add_argument("--lines", action="store_true",
                        help="write one JSON object per line instead of an array")
    parser.add_argument("--indent", type=int, default=None,
                        help="indent the JSON array by this many spaces")
    return parser


def write_records(records: list[dict[str, object]], *, lines: bool,
                  indent: int | None) -> None:
    if lines:
        for record in records:
            sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
    else:
        sys.stdout.write(json.dumps(records, ensure_ascii=False, indent=indent) + "\n")


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if len(args.delimiter) != 1:
        print("csv2json: the delimiter must be a single character", file=sys.stderr)
        return 2
    try:
        records = convert_file(args.input, delimiter=args.delimiter)
    except (OSError, ConversionError) as exc:
        print(f"csv2json: {exc}", file=sys.stderr)
        return 1
    write_records(records, lines=args.lines, indent=args.indent)
    return 0


if __name__ == "__main__":
    sys.exit(main())
