"""CSV export of the stock snapshot for the ERP."""

from __future__ import annotations

import csv
from collections.abc import Mapping
from typing import TextIO

from .snapshot import StockLevel

HEADER = ("sku", "on_hand", "reserved", "incoming", "available")


def write_levels(levels: Mapping[str, StockLevel], out: TextIO) -> None:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADER)
    for sku in sorted(levels):
        on_hand, reserved, incoming = levels[sku]
        writer.writerow((sku, on_hand, reserved, incoming, on_hand - reserved))
