class ScriptedTransport:
    """Answers GET /v2/stock/<sku> from a script of results (an exception or a status)."""

    def __init__(self, script):
        self.script = list(script)
        self.calls = []

    def __call__(self, method, path):
        self.calls.append((method, path))
        step = self.script.pop(0) if len(self.script) > 1 else self.script[0]
        if isinstance(step, BaseException):
            raise step
        status, available = step
        return status, {"available": available}


class MemoryStore:
    def __init__(self, levels=None):
        self.levels = dict(levels or {})

    def set_level(self, sku, level):
        self.levels[sku] = level


def _sync(script, skus, attempts=3):
    from stocksync.client import InventoryClient
    from stocksync.sync import sync_stock

    sleeps = []
    transport = ScriptedTransport(script)
    client = InventoryClient(transport, attempts=attempts, sleep=sleeps.append)
    store = MemoryStore({sku: 5 for sku in skus})
    report = sync_stock(client, store, skus)
    return {"updated": report.updated, "failed": report.failed, "levels": store.levels,
            "calls": len(transport.calls), "sleeps": sleeps}


def check_outage_is_reported_not_written():
    out = _sync([ConnectionResetError("reset by peer")], ["SKU-1"])
    return {k: out[k] for k in ("updated", "failed", "levels")}


def check_unknown_sku_is_reported_not_written():
    out = _sync([(404, None)], ["SKU-404"])
    return {k: out[k] for k in ("updated", "failed", "levels")}


def check_exhausted_retry_call_raises_last_error():
    from stocksync.retry import retry_call

    errors = [ConnectionError("first"), TimeoutError("second"), ConnectionError("third")]
    sleeps = []

    def flaky():
        raise errors.pop(0)

    try:
        result = retry_call(flaky, attempts=3, sleep=sleeps.append)
        return ["returned", result]
    except (ConnectionError, TimeoutError) as exc:
        return ["raised", type(exc).__name__]


def check_recovers_after_transient_failures():
    return _sync([ConnectionRefusedError("refused"), (503, None), (200, 17)], ["SKU-7"])


def check_success_and_other_skus_unaffected():
    out = _sync([(200, 3)], ["A", "B"], attempts=1)
    from stocksync.retry import retry_call

    calls = []
    value = retry_call(lambda a, b: calls.append((a, b)) or a + b, 2, 3, sleep=calls.append)
    try:
        retry_call(lambda: 1, attempts=0)
        guard = "accepted"
    except ValueError:
        guard = "ValueError"
    return [out, value, calls, guard]
