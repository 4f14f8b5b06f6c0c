"""The shop's product table (an in-memory stand-in with the same contract as the DB layer)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from .feed import Product


@dataclass(frozen=True)
class Listing:
    product: Product
    active: bool = True


class ProductStore:
    def __init__(self, products: Iterable[Product] = ()):
        self._listings: dict[str, Listing] = {p.sku: Listing(p) for p in products}

    def get(self, sku: str) -> Listing | None:
        return self._listings.get(sku)

    def active_skus(self) -> list[str]:
        return sorted(sku for sku, listing in self._listings.items() if listing.active)

    def upsert(self, product: Product) -> bool:
        """Insert or update a product and (re)activate it; True when anything changed."""
        current = self._listings.get(product.sku)
        if current is not None and current.product == product and current.active:
            return False
        self._listings[product.sku] = Listing(product)
        return True

    def deactivate_missing(self, present: set[str]) -> list[str]:
        """Deactivate every active listing whose SKU is not in `present`; returns them."""
        gone = [sku for sku in self.active_skus() if sku not in present]
        for sku in gone:
            self._listings[sku] = replace(self._listings[sku], active=False)
        return gone
