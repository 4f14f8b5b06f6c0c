from webhooks.policy import BackoffPolicy
from webhooks.sender import DeliveryError, Webhook, WebhookSender

HOOK = Webhook("evt_1", "https://example.test/hook", b"{}")


def test_first_attempt_success_does_not_sleep():
    sleeps = []
    sender = WebhookSender(lambda hook: 200, sleep=sleeps.append)
    assert sender.send(HOOK) == 200
    assert sleeps == []


def test_delay_is_capped():
    policy = BackoffPolicy(max_retries=30, base_delay=1.0, max_delay=60.0)
    assert policy.delay(30) == 60.0


def test_non_retryable_error_is_raised():
    def gone(hook):
        raise DeliveryError("410 Gone", retryable=False)

    sender = WebhookSender(gone, sleep=lambda s: None)
    try:
        sender.send(HOOK)
    except DeliveryError as exc:
        assert not exc.retryable
    else:
        raise AssertionError("expected DeliveryError")
