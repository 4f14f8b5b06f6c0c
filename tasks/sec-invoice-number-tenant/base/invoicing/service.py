"""Invoice use cases, as called by the HTTP handlers and the support console.

The request context is built by the authentication middleware: `tenant_id` is the organisation
the signed-in user belongs to, `permissions` come from the user's role.
"""

from __future__ import annotations

from dataclasses import dataclass

from .repository import Invoice, InvoiceRepository


class PermissionDenied(Exception):
    pass


class InvoiceNotFound(LookupError):
    pass


class InvalidTransition(ValueError):
    pass


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
