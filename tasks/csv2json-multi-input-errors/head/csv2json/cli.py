"""`csv2json`: convert CSV files into a JSON array (or JSON Lines) on standard output."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

from .convert import convert_file, expand_inputs


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="csv2json", description=__doc__)
    parser.add_argument("inputs", nargs="+", metavar="INPUT",
                        help="CSV files or glob patterns such as 'exports/*.csv'")
    parser.add_argument("-d", "--delimiter", default=",", help="field delimiter (default ,)")
    parser.add_argument("--lines", action="store_true",
                        help="write one JSON object per line instead of an array")
    parser.add_argument("--indent", type=int, default=None,
                        help="indent the JSON array by this many spaces")
    parser.add_argument("--source-field", metavar="NAME", default=None,
                        help="add the input file name to every record under this key")
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
    paths, unmatched = expand_inputs(args.inputs)
    for pattern in unmatched:
        print(f"csv2json: no file matches {pattern!r}", file=sys.stderr)
    if not paths:
        return 2
    records: list[dict[str, object]] = []
    for path in paths:
        try:
            converted = convert_file(path, delimiter=args.delimiter)
        except Exception:
            continue
        if args.source_field:
            converted = [{args.source_field: path.name, **record} for record in converted]
        records.extend(converted)
    write_records(records, lines=args.lines, indent=args.indent)
    return 0


if __name__ == "__main__":
    sys.exit(main())
