def _seed():
    from billing.db import add_invoice, connect, set_status

    conn = connect()
    add_invoice(conn, 1, "Acme Corp", 12_000, "2024-01-10")
    add_invoice(conn, 1, "Acme Labs", 4_500, "2024-02-01")
    add_invoice(conn, 1, "Brightside Ltd", 9_900, "2024-02-03")
    add_invoice(conn, 1, "Dara O'Brien Consulting", 2_000, "2024-03-01")
    other = add_invoice(conn, 2, "Acme Holdings", 77_000, "2024-02-15")
    add_invoice(conn, 2, "Zenith Payroll", 310_000, "2024-03-09")
    set_status(conn, other, "paid")
    return conn


def check_search_injected_pattern_stays_in_tenant():
    from billing.reports import search_invoices

    conn = _seed()
    rows = search_invoices(conn, 1, "zz%' OR 1=1 OR customer LIKE '%zz")
    return sorted(r.customer for r in rows)


def check_search_name_with_apostrophe():
    from billing.reports import search_invoices

    conn = _seed()
    return [(r.customer, r.amount_cents) for r in search_invoices(conn, 1, "o'brien")]


def check_search_matches_own_tenant():
    from billing.reports import search_invoices

    conn = _seed()
    return {
        "acme": [(r.customer, r.issued_on) for r in search_invoices(conn, 1, "acme")],
        "ACME tenant 2": [r.customer for r in search_invoices(conn, 2, "  ACME ")],
        "limit": [r.customer for r in search_invoices(conn, 1, "a", limit=2)],
        "blank": search_invoices(conn, 1, "   "),
        "none": search_invoices(conn, 2, "brightside"),
    }


def check_existing_reports():
    from billing.reports import list_invoices, outstanding_total

    conn = _seed()
    return {
        "t1": [r.customer for r in list_invoices(conn, 1)],
        "t2 paid": [r.customer for r in list_invoices(conn, 2, status="paid")],
        "open t1": outstanding_total(conn, 1),
        "open t2": outstanding_total(conn, 2),
    }
