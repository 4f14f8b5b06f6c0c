from warehouse.db import connect
from warehouse.staging import StagedOrder, count_by_source, load_source, reload_source


def _orders(n):
    return [StagedOrder(f"o-{i}", "c", 100 * i) for i in range(n)]


def test_load_source_counts_rows():
    conn = connect()
    assert load_source(conn, "acme", _orders(3), "2024-01-01T00:00:00Z") == 3
    assert count_by_source(conn) == {"acme": 3}


def test_reload_replaces_previous_upload():
    conn = connect()
    load_source(conn, "acme", _orders(3), "2024-01-01T00:00:00Z")
    load_source(conn, "globex", _orders(1), "2024-01-01T00:00:00Z")
    assert reload_source(conn, "acme", _orders(2), "2024-01-02T00:00:00Z") == (3, 2)
    assert count_by_source(conn) == {"acme": 2, "globex": 1}
