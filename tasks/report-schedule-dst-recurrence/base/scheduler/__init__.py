"""Scheduling of the report e-mails sent to customers."""
