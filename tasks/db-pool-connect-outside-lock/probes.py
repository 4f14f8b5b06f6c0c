class FakeConn:
    def __init__(self, number, log):
        self.number = number
        self.log = log

    def close(self):
        self.log.append(f"close-{self.number}")


def _factory(log, fail_first=0, during=None):
    made = []

    def factory():
        attempt = len(made) + 1
        made.append(attempt)
        log.append(f"connect-{attempt}")
        if attempt <= fail_first:
            raise ConnectionRefusedError("db is restarting")
        if during is not None and attempt == 1:
            during()
        return FakeConn(attempt, log)

    return factory


def _stats(pool):
    s = pool.stats()
    return [s.size, s.idle, s.in_use, s.max_size]


def check_concurrent_acquire_respects_max_size():
    from dbpool import ConnectionPool, PoolExhausted

    log, seen = [], []
    holder = {}

    def second_request():  # another request thread arrives while the first is connecting
        try:
            seen.append(holder["pool"].acquire().number)
        except PoolExhausted as exc:
            seen.append(type(exc).__name__)

    pool = holder["pool"] = ConnectionPool(_factory(log, during=second_request), max_size=1)
    first = pool.acquire()
    return [first.number, seen, _stats(pool), log]


def check_two_slots_two_concurrent_connects():
    from dbpool import ConnectionPool, PoolExhausted

    log, seen = [], []
    holder = {}

    def two_more():
        for _ in range(2):
            try:
                seen.append(holder["pool"].acquire().number)
            except PoolExhausted as exc:
                seen.append(type(exc).__name__)

    pool = holder["pool"] = ConnectionPool(_factory(log, during=two_more), max_size=2)
    first = pool.acquire()
    return [first.number, seen, _stats(pool)]


def check_failed_connect_frees_its_slot():
    from dbpool import ConnectionPool

    log = []
    pool = ConnectionPool(_factory(log, fail_first=2), max_size=1)
    out = []
    for _ in range(3):
        try:
            out.append(pool.acquire().number)
        except ConnectionRefusedError as exc:
            out.append(type(exc).__name__)
    return [out, _stats(pool), log]


def check_connect_runs_outside_the_lock():
    from dbpool import ConnectionPool

    log, seen = [], []
    holder = {}
    pool = holder["pool"] = ConnectionPool(
        _factory(log, during=lambda: seen.append(holder["pool"].stats().max_size)), max_size=3)
    conn = pool.acquire()
    return [conn.number, seen]


def check_reuse_exhaustion_and_broken():
    from dbpool import ConnectionPool, PoolExhausted

    log = []
    pool = ConnectionPool(_factory(log), max_size=2)
    a = pool.acquire()
    pool.release(a)
    again = pool.acquire()
    b = pool.acquire()
    out = [again.number, b.number]
    try:
        pool.acquire()
        out.append("acquired")
    except PoolExhausted:
        out.append("PoolExhausted")
    pool.release(b, broken=True)
    out.append(_stats(pool))
    c = pool.acquire()
    out.append(c.number)
    try:
        with pool.connection() as conn:
            out.append(conn.number)
    except PoolExhausted:
        out.append("PoolExhausted")
    pool.release(c)
    try:
        with pool.connection() as conn:
            out.append(conn.number)
            raise KeyError("query failed")
    except KeyError:
        out.append("KeyError")
    out.append(_stats(pool))
    return [out, log]


def check_close():
    from dbpool import ConnectionPool, PoolClosed

    log = []
    pool = ConnectionPool(_factory(log), max_size=3)
    a, b = pool.acquire(), pool.acquire()
    pool.release(a)
    pool.close()
    pool.release(b)
    try:
        pool.acquire()
        result = "acquired"
    except PoolClosed:
        result = "PoolClosed"
    return [result, _stats(pool), log]
