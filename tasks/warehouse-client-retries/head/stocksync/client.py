"""Client for the warehouse stock API (v2)."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from http import HTTPStatus
from typing import Any

from .retry import retry_call

Transport = Callable[[str, str], tuple[int, Mapping[str, Any]]]


class WarehouseError(Exception):
    """The warehouse API could not answer the request."""


class UnknownSku(WarehouseError):
    """The warehouse does not know this SKU."""


class WarehouseUnavailable(WarehouseError):
    """The warehouse API is unreachable or failing (connection errors, 5xx answers)."""


class InventoryClient:
    """Read stock levels. `transport(method, path)` returns `(status, json_body)`.

    Calls are retried `attempts` times in all when the warehouse is unavailable.
    """

    def __init__(
        self,
        transport: Transport,
        *,
        attempts: int = 3,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._transport = transport
        self._attempts = attempts
        self._sleep = sleep

    def fetch_stock(self, sku: str) -> int:
        """Units of `sku` available to sell right now."""
        return retry_call(self._fetch_once, sku, attempts=self._attempts, sleep=self._sleep)

    def _fetch_once(self, sku: str) -> int:
        try:
            status, body = self._transport("GET", f"/v2/stock/{sku}")
        except OSError as exc:
            raise WarehouseUnavailable(f"cannot reach the warehouse: {exc}") from exc
        if status == HTTPStatus.NOT_FOUND:
            raise UnknownSku(sku)
        if status >= HTTPStatus.INTERNAL_SERVER_ERROR:
            raise WarehouseUnavailable(f"warehouse answered {status} for {sku}")
        if status != HTTPStatus.OK:
            raise WarehouseError(f"unexpected status {status} for {sku}")
        return int(body["available"])
