"""Duplicate removal for customer records before they are pushed to the mailing platform."""

from __future__ import annotations

from collections.abc import Iterable

from .records import CustomerRecord


def record_key(record: CustomerRecord) -> str:
    """The identity of a customer: the normalised e-mail, or the external id without one."""
    email = record.email.strip().lower()
    if email:
        return f"email:{email}"
    return f"id:{record.external_id}"


def dedupe(records: Iterable[CustomerRecord]) -> list[CustomerRecord]:
    """Keep the first record of each customer, preserving input order."""
    seen: set[str] = set()
    kept: list[CustomerRecord] = []
    for record in records:
        key = record_key(record)
        if key in seen:
            continue
        seen.add(key)
        kept.append(record)
    return kept
