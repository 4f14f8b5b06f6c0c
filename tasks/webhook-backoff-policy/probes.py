def _hook():
    from webhooks.sender import Webhook

    return Webhook("evt_42", "https://example.test/hooks", b'{"type":"invoice.paid"}')


def _failing_transport(failures, retryable=True, status=202):
    from webhooks.sender import DeliveryError

    calls = []

    def transport(hook):
        calls.append(hook.event_id)
        if len(calls) <= failures:
            raise DeliveryError("503 Service Unavailable", retryable=retryable)
        return status

    return transport, calls


def check_backoff_schedule():
    from webhooks.policy import BackoffPolicy

    default = BackoffPolicy()
    custom = BackoffPolicy(max_retries=4, base_delay=0.5, multiplier=3.0, max_delay=10.0)
    return [default.schedule(), custom.schedule(), [custom.delay(n) for n in (1, 2)]]


def check_retries_exhausted():
    from webhooks.policy import BackoffPolicy
    from webhooks.sender import DeliveryFailed, WebhookSender

    out = []
    for retries in (0, 1, 3):
        transport, calls = _failing_transport(failures=100)
        sleeps = []
        sender = WebhookSender(transport, policy=BackoffPolicy(max_retries=retries),
                               sleep=sleeps.append)
        try:
            sender.send(_hook())
            out.append("delivered")
        except DeliveryFailed as exc:
            out.append([len(calls), exc.attempts, len(sleeps)])
    return out


def check_delay_cap_and_validation():
    from webhooks.policy import BackoffPolicy

    policy = BackoffPolicy(max_retries=20, base_delay=2.0, max_delay=300.0)
    out = [policy.delay(20), policy.delay(12), max(policy.schedule())]
    for kwargs in ({"max_retries": -1}, {"base_delay": 0}, {"base_delay": 5, "max_delay": 1},
                   {"multiplier": 0.5}):
        try:
            BackoffPolicy(**kwargs)
            out.append("accepted")
        except ValueError:
            out.append("ValueError")
    try:
        policy.delay(0)
        out.append("accepted")
    except ValueError:
        out.append("ValueError")
    return out


def check_success_after_transient_failures():
    from webhooks.policy import BackoffPolicy
    from webhooks.sender import WebhookSender

    transport, calls = _failing_transport(failures=2, status=204)
    sleeps = []
    sender = WebhookSender(transport, policy=BackoffPolicy(max_retries=5), sleep=sleeps.append)
    return [sender.send(_hook()), len(calls), len(sleeps)]


def check_permanent_failure_not_retried():
    from webhooks.sender import DeliveryError, WebhookSender

    transport, calls = _failing_transport(failures=100, retryable=False)
    sleeps = []
    try:
        WebhookSender(transport, sleep=sleeps.append).send(_hook())
        return "delivered"
    except DeliveryError as exc:
        return [type(exc).__name__, str(exc), len(calls), sleeps]
