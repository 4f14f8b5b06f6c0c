"""Billing: invoices, payment terms and totals."""

from .invoice import Invoice, InvoiceLine

__all__ = ["Invoice", "InvoiceLine"]
