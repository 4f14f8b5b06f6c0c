"""Payments and refunds as stored in our database (amounts in minor units)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Payment:
    id: str
    currency: str
    amount: int  # minor units

    def __post_init__(self) -> None:
        if not isinstance(self.amount, int) or self.amount <= 0:
            raise ValueError("payment amount must be a positive number of minor units")


@dataclass(frozen=True)
class Refund:
    payment_id: str
    amount: int  # minor units


def refundable(payment: Payment, refunds: Iterable[Refund]) -> int:
    """What can still be refunded on `payment`, in minor units."""
    done = sum(r.amount for r in refunds if r.payment_id == payment.id)
    return payment.amount - done
