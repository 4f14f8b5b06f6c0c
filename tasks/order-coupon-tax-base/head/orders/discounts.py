"""Order-level coupons and their allocation over the order lines.

A coupon applies to the whole order, but VAT is computed per rate, so the discount has to be
spread over the lines: each line gets a share proportional to its net amount.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

from .lines import OrderLine
from .tax import CENT

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class Coupon:
    code: str
    percent_off: Decimal = ZERO
    amount_off: Decimal = ZERO  # net

    def amount_for(self, subtotal: Decimal) -> Decimal:
        """The discount on a net subtotal, rounded to the cent, never above the subtotal."""
        discount = subtotal * self.percent_off / 100 + self.amount_off
        return min(discount, subtotal).quantize(CENT, rounding=ROUND_HALF_UP)


def allocate_discount(lines: Sequence[OrderLine], amount: Decimal) -> list[OrderLine]:
    """Spread `amount` over `lines` in proportion to their net amounts.

    Shares are rounded down to the cent and the missing cents go to the lines with the largest
    remainders (first line first on ties), so the shares always add up to `amount` exactly.
    """
    total = sum((line.net() for line in lines), Decimal(0))
    if not ZERO <= amount <= total:
        raise ValueError(f"cannot allocate {amount} over an order of {total}")
    if not amount:
        return list(lines)
    exact = [amount * line.net() / total for line in lines]
    shares = [share.quantize(CENT, rounding=ROUND_DOWN) for share in exact]
    missing_cents = int((amount - sum(shares)) / CENT)
    by_remainder = sorted(range(len(lines)), key=lambda i: exact[i] - shares[i], reverse=True)
    for i in by_remainder[:missing_cents]:
        shares[i] += CENT
    return [line.with_discount(share) for line, share in zip(lines, shares, strict=True)]
