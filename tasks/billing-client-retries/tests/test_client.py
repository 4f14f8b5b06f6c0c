from billing.client import ApiError, BillingClient
from billing.transport import ConnectError, Response


class Api:
    def __init__(self, answers):
        self.answers = list(answers)
        self.requests = []

    def send(self, request):
        self.requests.append(request)
        answer = self.answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer


def test_get_invoice():
    client = BillingClient(Api([Response(200, {"id": "in_1"})]))
    assert client.get_invoice("in_1") == {"id": "in_1"}


def test_connect_error_is_retried():
    api = Api([ConnectError("refused"), Response(200, {"id": "in_1"})])
    client = BillingClient(api, sleep=lambda s: None)
    assert client.get_invoice("in_1")["id"] == "in_1"
    assert len(api.requests) == 2


def test_client_error_is_raised():
    client = BillingClient(Api([Response(402, {"error": "card declined"})]))
    try:
        client.create_charge("cus_1", 100, "EUR")
    except ApiError as exc:
        assert exc.status == 402
    else:
        raise AssertionError("expected ApiError")
