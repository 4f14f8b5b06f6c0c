"""Printable receipts for the point-of-sale terminals."""
