from datetime import UTC, datetime, timedelta
from decimal import Decimal

from billing.dunning import days_overdue, is_overdue, pending_reminders
from billing.invoice import Invoice, InvoiceLine

ISSUED = datetime(2024, 1, 10, 8, 0, tzinfo=UTC)


def _invoice(number="INV-100"):
    return Invoice(number, "acme", ISSUED, lines=[InvoiceLine("Hosting", 2, Decimal("49.50"))])


def test_not_overdue_before_due_date():
    invoice = _invoice()
    assert not is_overdue(invoice, ISSUED + timedelta(days=29))


def test_days_overdue_counts_whole_days():
    invoice = _invoice()
    assert days_overdue(invoice, invoice.due_at + timedelta(days=4, hours=5)) == 4


def test_first_reminder_after_three_days():
    invoice = _invoice()
    now = invoice.due_at + timedelta(days=3)
    reminders = pending_reminders([invoice], {}, now)
    assert [(r.invoice_number, r.level) for r in reminders] == [("INV-100", 1)]


def test_paid_invoice_gets_no_reminder():
    invoice = _invoice()
    invoice.mark_paid(ISSUED + timedelta(days=40))
    assert pending_reminders([invoice], {}, ISSUED + timedelta(days=90)) == []
