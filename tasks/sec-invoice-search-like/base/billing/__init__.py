"""Billing: invoices per tenant, stored in SQLite."""
