"""Client for the warehouse stock API (v2)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from http import HTTPStatus
from typing import Any

Transport = Callable[[str, str], tuple[int, Mapping[str, Any]]]


class WarehouseError(Exception):
    """The warehouse API could not answer the request."""


class UnknownSku(WarehouseError):
    """The warehouse does not know this SKU."""


class WarehouseUnavailable(WarehouseError):
    """The warehouse API is unreachable or failing (connection errors, 5xx answers)."""


class InventoryClient:
    """Read stock levels. `transport(method, path)` returns `(status, json_body)`."""

    def __init__(self, transport: Transport) -> None:
        self._transport = transport

    def fetch_stock(self, sku: str) -> int:
        """Units of `sku` available to sell right now."""
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
