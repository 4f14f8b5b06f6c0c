"""CSV export of the stock snapshot for the ERP."""

from __future__ import annotations

import csv
from collections.abc import Mapping
from typing import TextIO


def write_levels(levels: Mapping[str, int], out: TextIO) -> None:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(("sku", "on_hand"))
    for sku in sorted(levels):
        writer.writerow((sku, levels[sku]))
