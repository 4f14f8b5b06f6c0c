"""Payments and refunds as stored in our database."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Payment:
    id: str
    currency: str
    amount: Decimal


@dataclass(frozen=True)
class Refund:
    payment_id: str
    amount: Decimal


def refundable(payment: Payment, refunds: Iterable[Refund]) -> Decimal:
    """What can still be refunded on `payment`."""
    done = sum((r.amount for r in refunds if r.payment_id == payment.id), Decimal(0))
    return payment.amount - done
