"""Billing: invoices, payment terms, totals and dunning."""

from .dunning import Reminder, days_overdue, is_overdue, pending_reminders
from .invoice import Invoice, InvoiceLine

__all__ = [
    "Invoice",
    "InvoiceLine",
    "Reminder",
    "days_overdue",
    "is_overdue",
    "pending_reminders",
]
