from datetime import datetime, timezone

from webapp.sessions import BadSignature, SessionSerializer
from webapp.settings import load_settings


def test_round_trip_plain_session():
    serializer = SessionSerializer(b"0123456789abcdef0123456789abcdef")
    session = {"user_id": 42, "roles": ["customer"]}
    assert serializer.loads(serializer.dumps(session)) == session


def test_round_trip_datetime():
    serializer = SessionSerializer(b"0123456789abcdef0123456789abcdef")
    when = datetime(2024, 1, 2, 3, 4, 5, tzinfo=timezone.utc)
    assert serializer.loads(serializer.dumps({"last_seen": when}))["last_seen"] == when


def test_signature_is_checked():
    cookie = SessionSerializer(b"a" * 32).dumps({"user_id": 1})
    try:
        SessionSerializer(b"b" * 32).loads(cookie)
    except BadSignature:
        return
    raise AssertionError("a cookie signed with another key was accepted")


def test_settings_read_secret_key():
    settings = load_settings({"PORTAL_SECRET_KEY": "z" * 32})
    assert settings.secret_key == b"z" * 32
    assert settings.session_cookie == "portal_session"
