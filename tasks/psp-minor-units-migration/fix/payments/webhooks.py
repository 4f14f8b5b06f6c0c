"""Refund notifications sent by the PSP.

Refunds can also be issued from the PSP dashboard (chargebacks, goodwill refunds). The PSP
notifies us with a `refund.succeeded` event, which we record as a refund and post to the
finance ledger, which keeps amounts in major units.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from .models import Refund
from .money import from_minor


@dataclass(frozen=True)
class LedgerEntry:
    event_id: str
    payment_reference: str
    currency: str
    amount: Decimal  # major units, negative for money going back to the customer


def parse_refund_event(payload: dict) -> Refund | None:
    """The refund described by a PSP event, or None for events we do not handle."""
    if payload.get("type") != "refund.succeeded":
        return None
    amount = payload["amount"]
    if not isinstance(amount, int) or amount <= 0:
        raise ValueError(f"invalid refund amount in event {payload.get('id')!r}")
    return Refund(payload["payment_reference"], amount)


def ledger_entry(payload: dict) -> LedgerEntry | None:
    refund = parse_refund_event(payload)
    if refund is None:
        return None
    currency = payload["currency"].upper()
    return LedgerEntry(
        event_id=payload["id"],
        payment_reference=refund.payment_id,
        currency=currency,
        amount=-from_minor(refund.amount, currency),
    )
