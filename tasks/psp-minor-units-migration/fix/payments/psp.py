"""Request payloads for the PSP's REST API, which takes amounts in minor units."""

from __future__ import annotations

from collections.abc import Iterable

from .models import Payment, Refund, refundable
from .money import parse_amount


def charge_payload(payment: Payment) -> dict:
    return {
        "reference": payment.id,
        "amount": payment.amount,
        "currency": payment.currency,
    }


def build_refund(payment: Payment, refunds: Iterable[Refund], requested: str) -> Refund:
    """Validate a refund of `requested` (major units, as typed by support) on `payment`."""
    amount = parse_amount(requested, payment.currency)
    if amount <= 0 or amount > refundable(payment, refunds):
        raise ValueError(f"cannot refund {requested} {payment.currency} on {payment.id}")
    return Refund(payment.id, amount)


def refund_payload(payment: Payment, refund: Refund) -> dict:
    if refund.payment_id != payment.id:
        raise ValueError("refund does not belong to this payment")
    return {
        "payment_reference": payment.id,
        "amount": refund.amount,
        "currency": payment.currency,
    }
