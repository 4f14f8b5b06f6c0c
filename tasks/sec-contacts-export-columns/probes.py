def _seed():
    from addressbook.db import NewContact, add_contact, connect, soft_delete

    conn = connect()
    add_contact(conn, 1, NewContact("Ada", "Lovelace", "2024-01-05", "ada@example.org",
                                    company="Analytical"))
    add_contact(conn, 1, NewContact("Alan", "Turing", "2024-02-11", "alan@example.org",
                                    phone="+44 1234"))
    gone = add_contact(conn, 1, NewContact("Charles", "Babbage", "2023-12-01"))
    add_contact(conn, 1, NewContact("Grace", "Hopper", "2024-03-20", "grace@example.org",
                                    company="Navy"))
    add_contact(conn, 2, NewContact("Mallory", "Other", "2024-01-01", "m@evil.example",
                                    company="Secret Corp"))
    soft_delete(conn, 1, gone)
    return conn


def _attempt(fn):
    try:
        return fn()
    except ValueError as exc:
        return type(exc).__name__


def check_export_selected_columns_in_order():
    from addressbook.export import export_contacts

    conn = _seed()
    return {
        "default": export_contacts(conn, 1, ["email", "last_name"]),
        "by_created_desc": export_contacts(conn, 1, ["first_name", "created_at"],
                                           "created_at", descending=True),
        "other_account": export_contacts(conn, 2, ["company", "email"], "email"),
        "empty_account": export_contacts(conn, 3, ["email"]),
        "key_order": [list(r) for r in export_contacts(conn, 1, ["phone", "company", "email"])],
    }


def check_export_rejects_unknown_columns_and_sorts():
    from addressbook.export import export_contacts

    conn = _seed()
    attempts = [
        lambda: export_contacts(conn, 1, ["email", "account_id"]),
        lambda: export_contacts(conn, 1, ["email FROM contacts --"]),
        lambda: export_contacts(conn, 1, ["(SELECT group_concat(email) FROM contacts)"]),
        lambda: export_contacts(conn, 1, ["email"], "email; DROP TABLE contacts"),
        lambda: export_contacts(conn, 1, ["email"], "(CASE WHEN 1 THEN email END)"),
        lambda: export_contacts(conn, 1, "email"),
        lambda: export_contacts(conn, 1, []),
        lambda: export_contacts(conn, 1, ["email", "email"]),
    ]
    outcomes = [_attempt(a) for a in attempts]
    still_there = conn.execute("SELECT COUNT(*) FROM contacts").fetchone()[0]
    return {"outcomes": outcomes, "rows_in_table": still_there}


def check_existing_queries():
    from addressbook.queries import count_contacts, list_contacts

    conn = _seed()
    return [[c["last_name"] for c in list_contacts(conn, 1)], count_contacts(conn, 1),
            count_contacts(conn, 2)]
