"""`records`: small utilities for JSON Lines files (count, head)."""

from __future__ import annotations

import argparse
import itertools
import json
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TextIO

from .records import RecordError, iter_records, matches, parse_filters


def _positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="records", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    for name, help_text in (("count", "count the matching records"),
                            ("head", "print the first matching records")):
        cmd = sub.add_parser(name, help=help_text)
        cmd.add_argument("path", help="JSON Lines file, or - for standard input")
        cmd.add_argument("--where", action="append", default=[], metavar="KEY=VALUE",
                         help="keep records whose field equals the value (repeatable)")
    sub.choices["head"].add_argument("-n", type=_positive_int, default=10,
                                     help="how many records (default 10)")
    return parser


@contextmanager
def _open(path: str) -> Iterator[TextIO]:
    if path == "-":
        yield sys.stdin
    else:
        with open(path, encoding="utf-8") as handle:
            yield handle


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        filters = parse_filters(args.where)
    except ValueError as exc:
        print(f"records: {exc}", file=sys.stderr)
        return 2
    try:
        with _open(args.path) as handle:
            selected = (r for r in iter_records(handle) if matches(r, filters))
            if args.command == "count":
                print(sum(1 for _ in selected))
            else:
                for record in itertools.islice(selected, args.n):
                    print(json.dumps(record, sort_keys=True))
    except (OSError, RecordError) as exc:
        print(f"records: {args.path}: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
