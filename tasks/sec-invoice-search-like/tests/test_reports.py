from billing.db import add_invoice, connect
from billing.reports import list_invoices, search_invoices


def _db():
    conn = connect()
    add_invoice(conn, 1, "Northwind Traders", 1_000, "2024-01-01")
    add_invoice(conn, 1, "Southwind Shipping", 2_000, "2024-01-02")
    add_invoice(conn, 2, "Northwind Traders", 3_000, "2024-01-03")
    return conn


def test_list_invoices_is_per_tenant():
    assert [r.amount_cents for r in list_invoices(_db(), 1)] == [2_000, 1_000]


def test_search_by_substring():
    rows = search_invoices(_db(), 1, "wind")
    assert [r.customer for r in rows] == ["Southwind Shipping", "Northwind Traders"]


def test_search_is_case_insensitive():
    assert [r.amount_cents for r in search_invoices(_db(), 2, "NORTH")] == [3_000]
