"""VAT breakdown of an order.

VAT is computed once per rate on the sum of the net amounts at that rate, then rounded half up
to the cent, which is what our invoices show ("19 % on 84.03: 15.97").
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from .lines import OrderLine

CENT = Decimal("0.01")


@dataclass(frozen=True)
class TaxBucket:
    rate: Decimal
    net: Decimal
    tax: Decimal


def tax_breakdown(lines: Iterable[OrderLine]) -> list[TaxBucket]:
    """One bucket per VAT rate, ordered by rate."""
    nets: dict[Decimal, Decimal] = defaultdict(Decimal)
    for line in lines:
        nets[line.tax_rate] += line.unit_price * line.quantity
    return [
        TaxBucket(
            rate,
            net.quantize(CENT, rounding=ROUND_HALF_UP),
            (net * rate).quantize(CENT, rounding=ROUND_HALF_UP),
        )
        for rate, net in sorted(nets.items())
    ]
