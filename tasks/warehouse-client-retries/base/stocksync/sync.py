"""Copy warehouse stock levels into the shop's stock store."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Protocol

from .client import InventoryClient, WarehouseError

log = logging.getLogger(__name__)


class StockStore(Protocol):
    def set_level(self, sku: str, level: int) -> None: ...


@dataclass
class SyncReport:
    updated: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)


def sync_stock(client: InventoryClient, store: StockStore, skus: list[str]) -> SyncReport:
    """Update the level of every SKU; one failing SKU does not stop the others."""
    report = SyncReport()
    for sku in skus:
        try:
            level = client.fetch_stock(sku)
        except WarehouseError as exc:
            log.warning("stock sync failed for %s: %s", sku, exc)
            report.failed.append(sku)
            continue
        store.set_level(sku, level)
        report.updated.append(sku)
    return report
