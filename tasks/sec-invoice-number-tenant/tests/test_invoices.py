from invoicing.db import connect
from invoicing.repository import InvoiceRepository
from invoicing.service import InvoiceNotFound, InvoiceService, RequestContext

CTX = RequestContext(user_id=1, tenant_id=42, permissions=frozenset({"invoices:read", "invoices:write"}))


def _service():
    return InvoiceService(InvoiceRepository(connect()))


def test_numbers_are_sequential():
    service = _service()
    first = service.create_invoice(CTX, "Customer A", 1_000)
    second = service.create_invoice(CTX, "Customer B", 2_000)
    assert (first.number, second.number) == ("INV-00001", "INV-00002")


def test_lookup_by_number():
    service = _service()
    service.create_invoice(CTX, "Customer A", 1_000)
    assert service.get_invoice_by_number(CTX, " inv-00001").customer == "Customer A"


def test_mark_paid_by_number():
    service = _service()
    service.create_invoice(CTX, "Customer A", 1_000)
    assert service.mark_paid_by_number(CTX, "INV-00001").status == "paid"
    assert service.list_invoices(CTX, "paid")[0].number == "INV-00001"


def test_unknown_number():
    try:
        _service().get_invoice_by_number(CTX, "INV-99999")
    except InvoiceNotFound:
        return
    raise AssertionError("expected InvoiceNotFound")
