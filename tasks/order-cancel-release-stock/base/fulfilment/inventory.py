"""Stock levels per SKU: what is on the shelf and what is promised to paid orders."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Protocol


class InsufficientStock(Exception):
    """A reservation asked for more units than are available."""


class StockLine(Protocol):
    sku: str
    quantity: int


@dataclass(frozen=True)
class StockLevel:
    on_hand: int
    reserved: int

    @property
    def available(self) -> int:
        return self.on_hand - self.reserved


class Inventory:
    def __init__(self, on_hand: Mapping[str, int] | None = None):
        self._on_hand: dict[str, int] = dict(on_hand or {})
        self._reserved: dict[str, int] = {}

    def level(self, sku: str) -> StockLevel:
        return StockLevel(self._on_hand.get(sku, 0), self._reserved.get(sku, 0))

    def available(self, sku: str) -> int:
        return self.level(sku).available

    def receive(self, sku: str, quantity: int) -> None:
        self._on_hand[sku] = self._on_hand.get(sku, 0) + quantity

    def reserve(self, lines: Iterable[StockLine]) -> None:
        """Reserve every line, or none of them if one cannot be served."""
        lines = list(lines)
        wanted: dict[str, int] = {}
        for line in lines:
            wanted[line.sku] = wanted.get(line.sku, 0) + line.quantity
        short = sorted(sku for sku, qty in wanted.items() if self.available(sku) < qty)
        if short:
            raise InsufficientStock(f"not enough stock for {', '.join(short)}")
        for sku, qty in wanted.items():
            self._reserved[sku] = self._reserved.get(sku, 0) + qty

    def release(self, lines: Iterable[StockLine]) -> None:
        """Give reserved units back; never below zero (the expiry job may have released)."""
        for line in lines:
            self._reserved[line.sku] = max(0, self._reserved.get(line.sku, 0) - line.quantity)

    def commit(self, lines: Iterable[StockLine]) -> None:
        """Reserved units leave the warehouse."""
        for line in lines:
            self._on_hand[line.sku] = self._on_hand.get(line.sku, 0) - line.quantity
            self._reserved[line.sku] = self._reserved.get(line.sku, 0) - line.quantity
