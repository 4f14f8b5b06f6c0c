ALL = frozenset({"invoices:read", "invoices:write"})


def _world():
    from invoicing.db import connect
    from invoicing.repository import InvoiceRepository
    from invoicing.service import InvoiceService, RequestContext

    service = InvoiceService(InvoiceRepository(connect()))
    acme = RequestContext(1, 1, ALL)
    globex = RequestContext(2, 2, ALL)
    initech = RequestContext(3, 3, ALL)
    service.create_invoice(acme, "Acme: Road Runner traps", 129_900)
    service.create_invoice(acme, "Acme: rocket skates", 45_000)
    service.create_invoice(globex, "Globex: hammock district", 2_000_000)
    return service, acme, globex, initech


def _lookup(service, ctx, number):
    from invoicing.service import InvoiceNotFound

    try:
        inv = service.get_invoice_by_number(ctx, number)
    except InvoiceNotFound:
        return "not found"
    return [inv.tenant_id, inv.number, inv.customer, inv.total_cents]


def check_number_lookup_stays_in_tenant():
    service, acme, globex, initech = _world()
    return {
        "globex INV-00002": _lookup(service, globex, "INV-00002"),
        "initech INV-00001": _lookup(service, initech, "INV-00001"),
        "globex INV-00001": _lookup(service, globex, "INV-00001"),
    }


def check_mark_paid_by_number_per_tenant():
    from invoicing.service import InvoiceNotFound

    service, acme, globex, initech = _world()
    out = []
    for ctx, number in ((globex, "INV-00001"), (initech, "INV-00002"), (acme, "inv-00002")):
        try:
            inv = service.mark_paid_by_number(ctx, number)
            out.append([inv.tenant_id, inv.number, inv.status])
        except InvoiceNotFound:
            out.append("not found")
    out.append([(i.number, i.status) for i in service.list_invoices(acme)])
    out.append([(i.number, i.status) for i in service.list_invoices(globex)])
    return out


def check_own_number_lookup():
    service, acme, globex, initech = _world()
    return [
        _lookup(service, acme, "INV-00001"),
        _lookup(service, acme, "  inv-00002 "),
        _lookup(service, acme, "INV-00003"),
    ]


def check_permissions_and_transitions():
    from invoicing.service import InvalidTransition, PermissionDenied, RequestContext

    service, acme, globex, initech = _world()
    reader = RequestContext(9, 1, frozenset({"invoices:read"}))
    nobody = RequestContext(10, 1, frozenset())
    out = []
    for call in (
        lambda: service.get_invoice_by_number(nobody, "INV-00001").number,
        lambda: service.get_invoice_by_number(reader, "INV-00001").number,
        lambda: service.mark_paid_by_number(reader, "INV-00001").status,
        lambda: service.void_invoice(acme, 1).status,
        lambda: service.mark_paid_by_number(acme, "INV-00001").status,
    ):
        try:
            out.append(call())
        except (PermissionDenied, InvalidTransition) as exc:
            out.append(type(exc).__name__)
    return out


def check_existing_id_access_is_scoped():
    from invoicing.service import InvoiceNotFound

    service, acme, globex, initech = _world()
    out = [[i.number for i in service.list_invoices(acme)],
           [i.number for i in service.list_invoices(globex)]]
    for ctx, invoice_id in ((acme, 1), (globex, 1), (globex, 3)):
        try:
            out.append(service.get_invoice(ctx, invoice_id).customer)
        except InvoiceNotFound:
            out.append("not found")
    return out
