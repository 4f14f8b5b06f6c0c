"""Duplicate removal for customer records before they are pushed to the mailing platform."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from .records import CustomerRecord


@dataclass
class DedupeStats:
    """Counters reported by the nightly job once all batches are processed."""

    batches: int = 0
    kept: int = 0
    dropped: int = 0


def record_key(record: CustomerRecord) -> str:
    """The identity of a customer: the normalised e-mail, or the external id without one."""
    email = record.email.strip().lower()
    if email:
        return f"email:{email}"
    return f"id:{record.external_id}"


def dedupe(records: Iterable[CustomerRecord], seen: set[str] = set()) -> list[CustomerRecord]:
    """Keep the first record of each customer, preserving input order.

    `seen` holds the keys of customers already kept; pass the same set to several calls to
    deduplicate across them. The keys of the records kept here are added to it.
    """
    kept: list[CustomerRecord] = []
    for record in records:
        key = record_key(record)
        if key in seen:
            continue
        seen.add(key)
        kept.append(record)
    return kept


def dedupe_batches(
    batches: Iterable[Iterable[CustomerRecord]], stats: DedupeStats | None = None
) -> Iterator[list[CustomerRecord]]:
    """Deduplicate consecutive batches of one export run, across batch boundaries.

    A customer who already appeared in an earlier batch is dropped from the later ones.
    Yields the records kept from each batch, one list per batch, in order.
    """
    seen: set[str] = set()
    for batch in batches:
        records = list(batch)
        kept = dedupe(records, seen)
        if stats is not None:
            stats.batches += 1
            stats.kept += len(kept)
            stats.dropped += len(records) - len(kept)
        yield kept
