from datetime import datetime, timedelta, timezone

from accounts.reset import InvalidResetToken, PasswordResetService
from accounts.users import UserStore

START = datetime(2024, 1, 1, 12, 0, tzinfo=timezone.utc)


def _service(now):
    users = UserStore()
    users.add("kim@example.com", "initial password")
    return users, PasswordResetService(users, clock=lambda: now[0])


def test_reset_changes_password():
    now = [START]
    users, service = _service(now)
    token = service.request_reset("kim@example.com")
    now[0] = START + timedelta(minutes=5)
    service.reset_password(token, "brand new password")
    assert users.authenticate("kim@example.com", "brand new password") is not None
    assert users.authenticate("kim@example.com", "initial password") is None


def test_unknown_email_gets_no_token():
    _, service = _service([START])
    assert service.request_reset("nobody@example.com") is None


def test_expired_token_is_refused():
    now = [START]
    _, service = _service(now)
    token = service.request_reset("kim@example.com")
    now[0] = START + timedelta(minutes=45)
    try:
        service.reset_password(token, "brand new password")
    except InvalidResetToken:
        return
    raise AssertionError("a 45-minute-old token was accepted")
