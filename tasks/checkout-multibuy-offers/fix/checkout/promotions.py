"""Multibuy offers: "3 for 2", "buy 1 get 1 free" and friends."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Multibuy:
    """Buy `buy` units of `sku`, get `free` more for nothing.

    Out of every `buy + free` units in the basket, `free` are not charged: `Multibuy("MUG", 2)`
    is "3 for 2", `Multibuy("TEA", 1)` is "buy one, get one free".
    """

    sku: str
    buy: int
    free: int = 1

    def __post_init__(self) -> None:
        if self.buy < 1 or self.free < 1:
            raise ValueError(f"bad multibuy on {self.sku}: buy {self.buy}, free {self.free}")

    @property
    def label(self) -> str:
        if self.free == 1 and self.buy == 1:
            return "buy one, get one free"
        return f"{self.buy + self.free} for {self.buy}"

    def free_units(self, quantity: int) -> int:
        """How many of `quantity` units in the basket are free."""
        return quantity // (self.buy + self.free) * self.free
