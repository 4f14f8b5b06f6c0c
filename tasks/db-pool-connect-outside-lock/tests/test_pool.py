from dbpool import ConnectionPool, PoolExhausted


class Conn:
    closed = False

    def close(self):
        self.closed = True


def test_idle_connection_is_reused():
    pool = ConnectionPool(Conn, max_size=2)
    conn = pool.acquire()
    pool.release(conn)
    assert pool.acquire() is conn


def test_exhausted_pool_raises():
    pool = ConnectionPool(Conn, max_size=1)
    pool.acquire()
    try:
        pool.acquire()
    except PoolExhausted:
        pass
    else:
        raise AssertionError("expected PoolExhausted")


def test_stats():
    pool = ConnectionPool(Conn, max_size=4)
    conn = pool.acquire()
    pool.acquire()
    pool.release(conn)
    stats = pool.stats()
    assert (stats.size, stats.idle, stats.in_use) == (2, 1, 1)
