from datetime import datetime, timedelta, timezone

T0 = datetime(2024, 6, 3, 8, 0, tzinfo=timezone.utc)


class Clock:
    def __init__(self):
        self.now = T0

    def __call__(self):
        return self.now


def _setup():
    from accounts.reset import PasswordResetService
    from accounts.users import UserStore

    users = UserStore()
    users.add("ana@example.com", "correct horse battery")
    users.add("bo@example.com", "tr0ub4dor&3-long")
    clock = Clock()
    return users, PasswordResetService(users, clock=clock), clock


def _outcome(fn):
    from accounts.reset import InvalidResetToken

    try:
        return fn()
    except InvalidResetToken:
        return "invalid"


def check_token_expires_after_ttl():
    users, service, clock = _setup()
    ages = [timedelta(minutes=10), timedelta(minutes=29), timedelta(minutes=31),
            timedelta(days=1, minutes=5), timedelta(days=3, minutes=12), timedelta(hours=2)]
    out = []
    for i, age in enumerate(ages):
        clock.now = T0
        token = service.request_reset("ana@example.com")
        clock.now = T0 + age
        out.append(_outcome(lambda t=token, i=i: service.reset_password(t, f"new password {i}")))
    return out


def check_token_is_single_use():
    users, service, clock = _setup()
    token = service.request_reset("bo@example.com")
    clock.now = T0 + timedelta(minutes=5)
    first = _outcome(lambda: service.reset_password(token, "owner chose this"))
    clock.now = T0 + timedelta(minutes=20)
    second = _outcome(lambda: service.reset_password(token, "attacker chose this"))
    return {
        "first": first,
        "second": second,
        "owner_password_works": users.authenticate("bo@example.com", "owner chose this") is not None,
        "attacker_password_works": users.authenticate("bo@example.com", "attacker chose this")
        is not None,
    }


def check_reset_flow():
    from accounts.users import WeakPassword

    users, service, clock = _setup()
    assert service.request_reset("nobody@example.com") is None
    token = service.request_reset("  ANA@example.com ")
    clock.now = T0 + timedelta(minutes=3)
    try:
        service.reset_password(token, "short")
        weak = "accepted"
    except WeakPassword:
        weak = "WeakPassword"
    clock.now = T0 + timedelta(minutes=4)
    user_id = service.reset_password(token, "a much better passphrase")
    return {
        "weak": weak,
        "user_id": user_id,
        "new_works": users.authenticate("ana@example.com", "a much better passphrase") is not None,
        "old_works": users.authenticate("ana@example.com", "correct horse battery") is not None,
        "other_user_untouched": users.authenticate("bo@example.com", "tr0ub4dor&3-long") is not None,
        "unknown_token": _outcome(lambda: service.reset_password("not-a-token", "whatever long 1")),
        "history": service.history(user_id),
        "token_is_not_stored": token not in repr(service.__dict__),
    }


def check_tokens_are_per_request():
    users, service, clock = _setup()
    first = service.request_reset("ana@example.com")
    clock.now = T0 + timedelta(minutes=1)
    second = service.request_reset("ana@example.com")
    clock.now = T0 + timedelta(minutes=2)
    used = service.reset_password(second, "second token password")
    return [first != second, len(first) >= 32, used,
            users.authenticate("ana@example.com", "second token password") is not None]
