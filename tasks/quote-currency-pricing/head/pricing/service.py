"""Compute storefront prices."""

from __future__ import annotations

from decimal import Decimal
from typing import Protocol

from .cache import QuoteCache
from .fx import FxTable
from .models import CENT, REGION_MULTIPLIERS, PriceRequest


class Catalogue(Protocol):
    def list_price(self, sku: str) -> Decimal:
        """The EUR list price of `sku`."""
        ...


class PricingService:
    def __init__(
        self,
        catalogue: Catalogue,
        cache: QuoteCache[Decimal] | None = None,
        fx: FxTable | None = None,
    ) -> None:
        self._catalogue = catalogue
        self._cache: QuoteCache[Decimal] = cache or QuoteCache()
        self._fx = fx or FxTable()

    def quote(self, request: PriceRequest) -> Decimal:
        """The price to display for `request`, in its currency, rounded to the cent."""
        return self._cache.get_or_load(request.cache_key, lambda: self._compute(request))

    def _compute(self, request: PriceRequest) -> Decimal:
        list_price = self._catalogue.list_price(request.sku)
        regional = (list_price * REGION_MULTIPLIERS[request.region]).quantize(CENT)
        return self._fx.convert(regional, request.currency)
