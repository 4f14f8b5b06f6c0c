def _orders(prefix, count, amount=1000):
    from warehouse.staging import StagedOrder

    return [StagedOrder(f"{prefix}-{i}", f"cust-{i}", amount + i) for i in range(count)]


def _seeded():
    from warehouse.db import connect
    from warehouse.staging import load_source

    conn = connect()
    load_source(conn, "acme-2024-03", _orders("A", 3), "2024-03-31T22:00:00Z")
    load_source(conn, "globex-2024-03", _orders("G", 2), "2024-03-31T22:00:00Z")
    return conn


def check_reload_replaces_rows():
    from warehouse.staging import count_by_source, reload_source

    conn = _seeded()
    result = reload_source(conn, "acme-2024-03", _orders("A", 4, 2000), "2024-04-01T06:00:00Z")
    total = conn.execute(
        "SELECT SUM(amount_cents) FROM staging_orders WHERE source = 'acme-2024-03'"
    ).fetchone()[0]
    return [list(result), count_by_source(conn), total]


def check_quote_in_source():
    from warehouse.staging import count_by_source, load_source, reload_source, source_for

    conn = _seeded()
    source = source_for("uploads/O'Hara-Farms.csv")
    load_source(conn, source, _orders("O", 2), "2024-03-31T22:00:00Z")
    try:
        result = list(reload_source(conn, source, _orders("O", 1), "2024-04-01T06:00:00Z"))
    except Exception as exc:  # noqa: BLE001 - report what the loader raised
        result = type(exc).__name__
    return [source, result, count_by_source(conn)]


def check_crafted_source():
    from warehouse.staging import count_by_source, purge_source, source_for

    conn = _seeded()
    source = source_for("x' OR '1'='1.csv")
    deleted = purge_source(conn, source)
    return [source, deleted, count_by_source(conn)]


def check_source_for():
    from warehouse.staging import source_for

    return [source_for(name) for name in
            ("uploads/ACME-2024-03.csv", "Globex 2024-03 .CSV", "initech.orders.csv")]


def check_purge_unknown_source_and_rollback():
    from warehouse.staging import StagedOrder, count_by_source, purge_source, reload_source

    conn = _seeded()
    out = [purge_source(conn, "nobody")]

    def broken_upload():
        yield StagedOrder("A-9", "cust-9", 900)
        raise RuntimeError("truncated upload")

    try:
        reload_source(conn, "acme-2024-03", broken_upload(), "2024-04-01T06:00:00Z")
    except RuntimeError as exc:
        out.append(str(exc))
    out.append(count_by_source(conn))
    return out
