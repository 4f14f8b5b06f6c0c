def _invoices():
    from datetime import UTC, datetime
    from decimal import Decimal

    from billing.invoice import Invoice, InvoiceLine

    line = InvoiceLine("Support plan", 1, Decimal("120.00"))
    old = Invoice("INV-1", "c1", datetime(2001, 3, 1, 9, 0, tzinfo=UTC), lines=[line])
    paid = Invoice("INV-2", "c2", datetime(2001, 3, 1, 9, 0, tzinfo=UTC), lines=[line])
    paid.mark_paid(datetime(2001, 3, 20, tzinfo=UTC))
    future = Invoice("INV-3", "c3", datetime(2190, 1, 1, tzinfo=UTC), lines=[line])
    return [old, paid, future]


def _call(fn, *args):
    try:
        return fn(*args)
    except Exception as exc:  # noqa: BLE001 - the probe reports the exception type
        return type(exc).__name__


def check_default_clock():
    from billing.dunning import is_overdue, pending_reminders, reminder_level

    invoices = _invoices()
    out = [_call(is_overdue, inv) for inv in invoices]
    out += [_call(reminder_level, inv) for inv in invoices]
    reminders = _call(pending_reminders, invoices, {"INV-1": 1})
    if isinstance(reminders, list):
        reminders = [(r.invoice_number, r.level) for r in reminders]
    out.append(reminders)
    return out


def check_days_overdue_boundaries():
    from datetime import UTC, datetime, timedelta

    from billing.dunning import days_overdue, is_overdue

    old, paid, _ = _invoices()
    due = old.due_at
    offsets = [timedelta(0), timedelta(hours=23), timedelta(days=1), timedelta(days=45, hours=2)]
    out = [(days_overdue(old, due + d), is_overdue(old, due + d)) for d in offsets]
    out.append(days_overdue(paid, datetime(2002, 1, 1, tzinfo=UTC)))
    return out


def check_pending_reminder_levels():
    from datetime import UTC, datetime, timedelta

    from billing.dunning import pending_reminders
    from billing.invoice import Invoice

    start = datetime(2023, 1, 1, tzinfo=UTC)
    invoices = [
        Invoice(f"INV-{i}", f"c{i}", start + timedelta(days=i * 5), terms_days=14)
        for i in range(8)
    ]
    now = datetime(2023, 3, 1, 12, tzinfo=UTC)
    sent = {"INV-0": 2, "INV-1": 3, "INV-5": 1}
    return [
        (r.invoice_number, r.customer_id, r.level, r.days_overdue)
        for r in pending_reminders(invoices, sent, now)
    ]


def check_invoice_model():
    from datetime import UTC, datetime
    from decimal import Decimal

    from billing.invoice import Invoice, InvoiceLine

    inv = Invoice(
        "INV-9",
        "c9",
        datetime(2023, 5, 31, 23, 30, tzinfo=UTC),
        terms_days=14,
        lines=[InvoiceLine("Seats", 3, Decimal("19.995")), InvoiceLine("Setup", 1, Decimal("50"))],
    )
    out = [inv.total, inv.due_at]
    try:
        Invoice("INV-10", "c10", datetime(2023, 1, 1))
        out.append("accepted naive")
    except ValueError:
        out.append("ValueError")
    return out
