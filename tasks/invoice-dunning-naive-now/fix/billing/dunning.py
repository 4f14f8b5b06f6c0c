"""Dunning: detect overdue invoices and decide which payment reminder to send next.

A customer receives at most one reminder per level. Level 1 goes out three days after the due
date, level 2 after ten days and level 3 (the final notice) after thirty days.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from .invoice import Invoice

REMINDER_DELAYS: tuple[timedelta, ...] = (
    timedelta(days=3),
    timedelta(days=10),
    timedelta(days=30),
)


@dataclass(frozen=True)
class Reminder:
    invoice_number: str
    customer_id: str
    level: int
    days_overdue: int


def _now() -> datetime:
    return datetime.now(UTC)


def days_overdue(invoice: Invoice, now: datetime | None = None) -> int:
    """Whole days elapsed since the invoice fell due (0 when paid or not yet due)."""
    now = now or _now()
    if invoice.paid_at is not None or now <= invoice.due_at:
        return 0
    return (now - invoice.due_at).days


def is_overdue(invoice: Invoice, now: datetime | None = None) -> bool:
    """True once an unpaid invoice is at least one full day past its due date."""
    return days_overdue(invoice, now) > 0


def reminder_level(invoice: Invoice, now: datetime | None = None) -> int:
    """The highest reminder level the invoice has reached (0: no reminder due)."""
    now = now or _now()
    if invoice.paid_at is not None:
        return 0
    late_by = now - invoice.due_at
    return sum(1 for delay in REMINDER_DELAYS if late_by >= delay)


def pending_reminders(
    invoices: Iterable[Invoice],
    sent_levels: Mapping[str, int],
    now: datetime | None = None,
) -> list[Reminder]:
    """Reminders to send now, given the highest level already sent for each invoice number.

    Levels that were skipped (for example because the job did not run for a while) are not
    sent retroactively: only the current level goes out.
    """
    now = now or _now()
    reminders = []
    for invoice in invoices:
        level = reminder_level(invoice, now)
        if level > sent_levels.get(invoice.number, 0):
            reminders.append(
                Reminder(invoice.number, invoice.customer_id, level, days_overdue(invoice, now))
            )
    return reminders
