"""Nightly synchronisation of the shop's catalogue with the supplier feed."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from .feed import iter_feed
from .stats import category_counts, format_counts, shrinkage
from .store import ProductStore

MAX_SHRINKAGE = 0.5


class SuspiciousFeed(Exception):
    """The feed would remove too much of the catalogue; nothing was changed."""


@dataclass
class SyncReport:
    received: int = 0
    changed: int = 0
    deactivated: list[str] = field(default_factory=list)


def sync_feed(lines: Iterable[str], store: ProductStore,
              log: Callable[[str], None] = print,
              max_shrinkage: float = MAX_SHRINKAGE) -> SyncReport:
    """Upsert every product of the feed and deactivate the listings it no longer has.

    A truncated feed (the supplier's export died half-way twice last quarter) must not wipe
    the catalogue: when the feed has fewer than `1 - max_shrinkage` of the active listings,
    `SuspiciousFeed` is raised before anything is written.
    """
    products = list(iter_feed(lines))
    counts = category_counts(products)
    log(f"feed: {format_counts(counts)}")
    active = len(store.active_skus())
    if shrinkage(active, sum(counts.values())) > max_shrinkage:
        raise SuspiciousFeed(f"feed has {sum(counts.values())} products, "
                             f"catalogue has {active} active listings")
    report = SyncReport()
    present: set[str] = set()
    for product in products:
        report.received += 1
        present.add(product.sku)
        if store.upsert(product):
            report.changed += 1
    report.deactivated = store.deactivate_missing(present)
    log(f"sync: {report.received} received, {report.changed} changed, "
        f"{len(report.deactivated)} deactivated")
    return report
