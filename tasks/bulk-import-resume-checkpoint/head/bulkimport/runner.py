"""Bulk import of records into a sink (database table, search index, ...), in batches."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from .checkpoint import (
    Checkpoint,
    CheckpointError,
    clear_checkpoint,
    load_checkpoint,
    save_checkpoint,
)


class Sink(Protocol):
    """Where records go. `write_batch` either writes the whole batch or raises."""

    def write_batch(self, records: list[dict]) -> None: ...


@dataclass
class ImportReport:
    imported: int = 0
    batches: int = 0
    skipped: int = 0  # records committed by an earlier, interrupted run


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


def run_import(records: Iterable[dict], sink: Sink, *, batch_size: int = 500,
               checkpoint: Path | None = None) -> ImportReport:
    """Write `records` to `sink`, `batch_size` at a time, and report what was written.

    With `checkpoint`, progress is saved after every batch. If the run dies, running it
    again on the same input skips the records already committed and carries on; the
    checkpoint is removed once the whole input is imported.
    """
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    state = load_checkpoint(checkpoint) if checkpoint else Checkpoint()
    stream = iter(records)
    report = ImportReport(skipped=sum(1 for _ in itertools.islice(stream, state.committed)))
    if report.skipped < state.committed:
        raise CheckpointError(
            f"checkpoint says {state.committed} records were committed, "
            f"but the input has only {report.skipped}"
        )
    for position, batch in _numbered_batches(stream, batch_size, start=report.skipped):
        sink.write_batch(batch)
        report.imported += len(batch)
        report.batches += 1
        if checkpoint:
            save_checkpoint(checkpoint, Checkpoint(committed=position))
    if checkpoint:
        clear_checkpoint(checkpoint)
    return report


def _numbered_batches(records: Iterator[dict], size: int,
                      start: int) -> Iterator[tuple[int, list[dict]]]:
    """Batches of `records`, each with the input position of its last record."""
    for batch in batched(records, size):
        start += len(batch)
        yield start - 1, batch
