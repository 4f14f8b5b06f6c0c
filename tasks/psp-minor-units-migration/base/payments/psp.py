"""Request payloads for the PSP's REST API, which takes amounts in minor units."""

from __future__ import annotations

from collections.abc import Iterable

from .models import Payment, Refund, refundable
from .money import parse_amount


def charge_payload(payment: Payment) -> dict:
    return {
        "reference": payment.id,
        "amount": int(payment.amount * 100),
        "currency": payment.currency,
    }


def refund_payload(payment: Payment, refunds: Iterable[Refund], requested: str) -> dict:
    """Payload refunding `requested` (as typed by support) on `payment`."""
    amount = parse_amount(requested)
    if amount <= 0 or amount > refundable(payment, refunds):
        raise ValueError(f"cannot refund {amount} {payment.currency} on {payment.id}")
    return {
        "payment_reference": payment.id,
        "amount": int(amount * 100),
        "currency": payment.currency,
    }
