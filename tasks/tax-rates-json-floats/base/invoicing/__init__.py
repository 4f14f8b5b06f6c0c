"""Invoicing: line items, VAT / sales tax and invoice totals."""
