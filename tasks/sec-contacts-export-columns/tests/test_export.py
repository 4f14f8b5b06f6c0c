from addressbook.db import NewContact, add_contact, connect
from addressbook.export import ExportError, export_contacts


def _db():
    conn = connect()
    add_contact(conn, 7, NewContact("Bea", "Zed", "2024-01-02", "bea@example.com"))
    add_contact(conn, 7, NewContact("Abe", "Young", "2024-01-01", "abe@example.com"))
    add_contact(conn, 8, NewContact("Cat", "Xu", "2024-01-03", "cat@example.com"))
    return conn


def test_columns_and_default_sort():
    rows = export_contacts(_db(), 7, ["first_name", "email"])
    assert rows == [
        {"first_name": "Abe", "email": "abe@example.com"},
        {"first_name": "Bea", "email": "bea@example.com"},
    ]


def test_descending_sort():
    rows = export_contacts(_db(), 7, ["last_name"], "created_at", descending=True)
    assert [r["last_name"] for r in rows] == ["Zed", "Young"]


def test_unknown_column_is_refused():
    try:
        export_contacts(_db(), 7, ["first_name", "password_hash"])
    except ExportError:
        return
    raise AssertionError("unknown column accepted")
