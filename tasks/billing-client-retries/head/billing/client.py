"""Typed calls to the billing API."""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

from .retry import RetryingTransport
from .transport import Request, Response, Transport


class ApiError(Exception):
    def __init__(self, response: Response) -> None:
        super().__init__(f"billing API answered {response.status}: {response.body}")
        self.status = response.status


class BillingClient:
    """Calls are retried on transient failures (see `RetryingTransport`); `retries=0`
    disables that."""

    def __init__(self, transport: Transport, *, retries: int = 2, **retry_options: Any) -> None:
        self._transport: Transport = (
            RetryingTransport(transport, attempts=retries + 1, **retry_options)
            if retries
            else transport
        )

    def _call(self, method: str, path: str, body: dict[str, Any] | None = None) -> Response:
        response = self._transport.send(Request(method, path, body))
        if response.status >= HTTPStatus.BAD_REQUEST:
            raise ApiError(response)
        return response

    def get_invoice(self, invoice_id: str) -> dict[str, Any]:
        return dict(self._call("GET", f"/v1/invoices/{invoice_id}").body)

    def create_charge(self, customer_id: str, amount_cents: int, currency: str) -> str:
        """Charge the customer's default payment method; return the charge id."""
        body = {"customer": customer_id, "amount": amount_cents, "currency": currency}
        return str(self._call("POST", "/v1/charges", body).body["id"])

    def refund(self, charge_id: str) -> str:
        """Refund a charge in full; return the refund id."""
        return str(self._call("POST", f"/v1/charges/{charge_id}/refunds").body["id"])
