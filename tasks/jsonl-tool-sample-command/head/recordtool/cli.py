"""`records`: small utilities for JSON Lines files (count, head, sample)."""

from __future__ import annotations

import argparse
import itertools
import json
import random
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TextIO

from .records import RecordError, iter_records, matches, parse_filters
from .sampling import reservoir_sample


def _positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="records", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    for name, help_text in (("count", "count the matching records"),
                            ("head", "print the first matching records"),
                            ("sample", "print a uniform random sample of the matching records")):
        cmd = sub.add_parser(name, help=help_text)
        cmd.add_argument("path", help="JSON Lines file, or - for standard input")
        cmd.add_argument("--where", action="append", default=[], metavar="KEY=VALUE",
                         help="keep records whose field equals the value (repeatable)")
    sub.choices["head"].add_argument("-n", type=_positive_int, default=10,
                                     help="how many records (default 10)")
    sample = sub.choices["sample"]
    sample.add_argument("-n", type=_positive_int, default=10,
                        help="sample size (default 10)")
    sample.add_argument("--seed", type=int, default=None,
                        help="seed the generator, for a sample that can be reproduced")
    sample.add_argument("--keep-order", action="store_true",
                        help="print the sample in input order")
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
            elif args.command == "sample":
                picked = reservoir_sample(enumerate(selected), args.n, random.Random(args.seed))
                if args.keep_order:
                    picked.sort(key=lambda pair: pair[0])
                for _, record in picked:
                    print(json.dumps(record, sort_keys=True))
            else:
                for record in itertools.islice(selected, args.n):
                    print(json.dumps(record, sort_keys=True))
    except (OSError, RecordError) as exc:
        print(f"records: {args.path}: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
