"""Invoice use cases, as called by the HTTP handlers and the support console.

The request context is built by the authentication middleware: `tenant_id` is the organisation
the signed-in user belongs to, `permissions` come from the user's role.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from .repository import Invoice, InvoiceRepository


class PermissionDenied(Exception):
    pass


class InvoiceNotFound(LookupError):
    pass


class InvalidTransition(ValueError):
    pass


def normalise_number(number: str) -> str:
    """Invoice numbers as typed by support staff: `inv-00042 ` means `INV-00042`."""
    return number.strip().upper()


@dataclass(frozen=True)
class RequestContext:
    user_id: int
    tenant_id: int
    permissions: frozenset[str]


class InvoiceService:
    def __init__(self, repo: InvoiceRepository) -> None:
        self._repo = repo

    @staticmethod
    def _require(ctx: RequestContext, permission: str) -> None:
        if permission not in ctx.permissions:
            raise PermissionDenied(f"user {ctx.user_id} lacks {permission}")

    def create_invoice(self, ctx: RequestContext, customer: str, total_cents: int) -> Invoice:
        self._require(ctx, "invoices:write")
        if total_cents <= 0:
            raise ValueError("an invoice total must be positive")
        return self._repo.create(ctx.tenant_id, customer, total_cents)

    def get_invoice(self, ctx: RequestContext, invoice_id: int) -> Invoice:
        self._require(ctx, "invoices:read")
        invoice = self._repo.get(ctx.tenant_id, invoice_id)
        if invoice is None:
            raise InvoiceNotFound(invoice_id)
        return invoice

    def list_invoices(self, ctx: RequestContext, status: str | None = None) -> list[Invoice]:
        self._require(ctx, "invoices:read")
        return self._repo.list(ctx.tenant_id, status)

    def void_invoice(self, ctx: RequestContext, invoice_id: int) -> Invoice:
        self._require(ctx, "invoices:write")
        invoice = self.get_invoice(ctx, invoice_id)
        if invoice.status != "open":
            raise InvalidTransition(f"cannot void a {invoice.status} invoice")
        self._repo.update_status(ctx.tenant_id, invoice.id, "void")
        return self.get_invoice(ctx, invoice_id)

    def get_invoice_by_number(self, ctx: RequestContext, number: str) -> Invoice:
        """Look an invoice up by the number printed on it (what customers quote)."""
        self._require(ctx, "invoices:read")
        invoice = self._repo.find_by_number(ctx.tenant_id, normalise_number(number))
        if invoice is None:
            raise InvoiceNotFound(number)
        return invoice

    def mark_paid_by_number(self, ctx: RequestContext, number: str) -> Invoice:
        """Record a payment that arrived by bank transfer with the invoice number as reference."""
        self._require(ctx, "invoices:write")
        invoice = self.get_invoice_by_number(ctx, number)
        if invoice.status != "open":
            raise InvalidTransition(f"cannot mark a {invoice.status} invoice as paid")
        if not self._repo.update_status(ctx.tenant_id, invoice.id, "paid"):
            raise InvoiceNotFound(number)
        return replace(invoice, status="paid")
