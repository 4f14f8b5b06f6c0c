"""Bulk import of records into a sink (database table, search index, ...), in batches."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Protocol


class Sink(Protocol):
    """Where records go. `write_batch` either writes the whole batch or raises."""

    def write_batch(self, records: list[dict]) -> None: ...


@dataclass
class ImportReport:
    imported: int = 0
    batches: int = 0


def batched(records: Iterable[dict], size: int) -> Iterator[list[dict]]:
    """Split `records` into lists of `size` (the last one may be shorter)."""
    batch: list[dict] = []
    for record in records:
        batch.append(record)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def run_import(records: Iterable[dict], sink: Sink, *, batch_size: int = 500) -> ImportReport:
    """Write `records` to `sink`, `batch_size` at a time, and report what was written."""
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    report = ImportReport()
    for batch in batched(records, batch_size):
        sink.write_batch(batch)
        report.imported += len(batch)
        report.batches += 1
    return report
