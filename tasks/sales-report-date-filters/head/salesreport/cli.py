"""`sales-report`: daily sales totals per region from a sales export."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from datetime import date

from .loading import SalesFileError, read_sales
from .summary import between_days, daily_totals, format_cents


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="sales-report", description=__doc__)
    parser.add_argument("export", help="sales export (CSV)")
    parser.add_argument("--region", action="append", default=[],
                        help="only this region (repeatable)")
    parser.add_argument("--since", type=date.fromisoformat, metavar="YYYY-MM-DD",
                        help="first day to include (UTC)")
    parser.add_argument("--until", type=date.fromisoformat, metavar="YYYY-MM-DD",
                        help="last day to include (UTC)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    regions = {region.upper() for region in args.region}
    if args.since and args.until and args.until < args.since:
        print("sales-report: --until is before --since", file=sys.stderr)
        return 2
    try:
        with open(args.export, encoding="utf-8", newline="") as handle:
            sales = (s for s in read_sales(handle) if not regions or s.region in regions)
            totals = daily_totals(between_days(sales, args.since, args.until))
    except (OSError, SalesFileError) as exc:
        print(f"sales-report: {exc}", file=sys.stderr)
        return 1
    print("day,region,orders,amount")
    for total in totals:
        print(f"{total.day.isoformat()},{total.region},{total.orders},"
              f"{format_cents(total.amount_cents)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
