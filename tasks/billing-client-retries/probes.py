class FakeBillingApi:
    """Scripted billing API. Each call consumes one step of the script ("ok" when empty):

    "connect"  the request never reaches the server (ConnectError)
    "timeout"  the server processes the request, the response is lost (ReadTimeout)
    502/503/504  the server processes the request (for 502/504) and the gateway answers it
    """

    def __init__(self, script):
        self.script = list(script)
        self.charges = []
        self.by_key = {}
        self.seen = []

    def _process(self, request):
        if request.method == "POST" and request.path == "/v1/charges":
            key = request.headers.get("Idempotency-Key")
            if key is not None and key in self.by_key:
                return self.by_key[key]
            charge_id = f"ch_{len(self.charges) + 1}"
            self.charges.append((charge_id, dict(request.body)))
            if key is not None:
                self.by_key[key] = charge_id
            return charge_id
        if request.method == "GET":
            return "in_7"
        return None

    def send(self, request):
        from billing.transport import ConnectError, ReadTimeout, Response

        step = self.script.pop(0) if self.script else "ok"
        self.seen.append([request.method, request.path, step])
        if step == "connect":
            raise ConnectError("connection refused")
        if step == 503:
            return Response(503, {"error": "maintenance"})
        result = self._process(request)
        if step == "timeout":
            raise ReadTimeout("no response within 10s")
        if step in (502, 504):
            return Response(step, {"error": "upstream"})
        if request.method == "GET":
            return Response(200, {"id": result, "total": 1999})
        return Response(201, {"id": result})


def _client(api, **kwargs):
    from billing.client import BillingClient

    sleeps = []
    return BillingClient(api, sleep=sleeps.append, **kwargs), sleeps


def _outcome(fn):
    try:
        return ["ok", fn()]
    except Exception as exc:
        return ["raised", type(exc).__name__]


def check_charge_not_duplicated_after_read_timeout():
    api = FakeBillingApi(["timeout"])
    client, _ = _client(api)
    _outcome(lambda: client.create_charge("cus_1", 4999, "EUR"))
    return [len(api.charges), [body["amount"] for _, body in api.charges]]


def check_charge_not_duplicated_after_gateway_timeout():
    api = FakeBillingApi([504, 502])
    client, _ = _client(api)
    _outcome(lambda: client.create_charge("cus_2", 1250, "USD"))
    return len(api.charges)


def check_post_retried_when_never_sent():
    api = FakeBillingApi(["connect", "connect"])
    client, sleeps = _client(api)
    result = _outcome(lambda: client.create_charge("cus_3", 700, "EUR"))
    return [result, len(api.charges), sleeps]


def check_get_retried_on_transient_failures():
    api = FakeBillingApi(["timeout", 503])
    client, sleeps = _client(api)
    first = _outcome(lambda: client.get_invoice("in_7"))
    api.script = ["timeout", "timeout", "timeout", "ok"]
    second = _outcome(lambda: client.get_invoice("in_7"))
    return [first, sleeps, second, len(api.seen)]


def check_errors_and_disabled_retries():
    api = FakeBillingApi(["connect"])
    client, sleeps = _client(api, retries=0)
    out = [_outcome(lambda: client.get_invoice("in_7")), sleeps]

    class NotFound:
        calls = 0

        def send(self, request):
            from billing.transport import Response

            NotFound.calls += 1
            return Response(404, {"error": "no such invoice"})

    client, sleeps = _client(NotFound())
    out += [_outcome(lambda: client.get_invoice("in_x")), NotFound.calls, sleeps]
    from billing.retry import RetryingTransport

    try:
        RetryingTransport(NotFound(), attempts=0)
        out.append("accepted")
    except ValueError:
        out.append("ValueError")
    return out
