"""Compute storefront prices."""

from __future__ import annotations

from decimal import Decimal
from typing import Protocol

from .cache import QuoteCache
from .models import CENT, REGION_MULTIPLIERS, PriceRequest


class Catalogue(Protocol):
    def list_price(self, sku: str) -> Decimal:
        """The EUR list price of `sku`."""
        ...


class PricingService:
    def __init__(self, catalogue: Catalogue, cache: QuoteCache[Decimal] | None = None) -> None:
        self._catalogue = catalogue
        self._cache: QuoteCache[Decimal] = cache or QuoteCache()

    def quote(self, request: PriceRequest) -> Decimal:
        """The price to display for `request`, rounded to the cent."""
        return self._cache.get_or_load(request.cache_key, lambda: self._compute(request))

    def _compute(self, request: PriceRequest) -> Decimal:
        list_price = self._catalogue.list_price(request.sku)
        return (list_price * REGION_MULTIPLIERS[request.region]).quantize(CENT)
