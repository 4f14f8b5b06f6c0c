"""Nightly synchronisation of the shop's catalogue with the supplier feed."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from .feed import iter_feed
from .store import ProductStore


@dataclass
class SyncReport:
    received: int = 0
    changed: int = 0
    deactivated: list[str] = field(default_factory=list)


def sync_feed(lines: Iterable[str], store: ProductStore,
              log: Callable[[str], None] = print) -> SyncReport:
    """Upsert every product of the feed and deactivate the listings it no longer has."""
    report = SyncReport()
    present: set[str] = set()
    for product in iter_feed(lines):
        report.received += 1
        present.add(product.sku)
        if store.upsert(product):
            report.changed += 1
    report.deactivated = store.deactivate_missing(present)
    log(f"sync: {report.received} received, {report.changed} changed, "
        f"{len(report.deactivated)} deactivated")
    return report
