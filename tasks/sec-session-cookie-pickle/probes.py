import os
from datetime import datetime, timezone

KEY = b"k" * 32


def _serializer():
    from webapp.sessions import SessionSerializer

    return SessionSerializer(KEY)


def _forge(serializer, raw):
    import base64

    payload = base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")
    return f"{payload}.{serializer._sign(payload)}"


class _Gadget:
    def __reduce__(self):
        return (os.mkdir, ("gadget-ran",))


def check_signed_cookie_cannot_run_code():
    import pickle

    serializer = _serializer()
    cookie = _forge(serializer, pickle.dumps({"user_id": 1, "x": _Gadget()}))
    try:
        serializer.loads(cookie)
    except Exception:  # noqa: BLE001, S110
        pass
    return {"code_ran": os.path.exists("gadget-ran")}


def check_rich_session_round_trip():
    serializer = _serializer()
    session = {
        "user_id": 7,
        "mfa_verified_at": datetime(2024, 5, 1, 9, 30, tzinfo=timezone.utc),
        "flags": {"beta-search", "dark-mode"},
        "cart": [3, 5, 8],
        "name": "Zoë",
    }
    loaded = serializer.loads(serializer.dumps(session))
    return {"equal": loaded == session, "loaded": loaded,
            "types": sorted((k, type(v).__name__) for k, v in loaded.items())}


def check_tampering_rejected():
    from webapp.sessions import BadSignature, SessionSerializer

    cookie = _serializer().dumps({"user_id": 7, "role": "customer"})
    payload, _, sig = cookie.partition(".")
    out = []
    for bad in (payload + "A." + sig, payload + "." + sig[:-2] + "xx", payload, "é." + sig):
        try:
            _serializer().loads(bad)
            out.append("accepted")
        except BadSignature:
            out.append("BadSignature")
    try:
        SessionSerializer(b"x" * 32).loads(cookie)
        out.append("accepted")
    except BadSignature:
        out.append("BadSignature")
    return out


def check_settings_from_environment():
    from webapp.settings import load_settings

    settings = load_settings({"PORTAL_SECRET_KEY": "s" * 40, "PORTAL_DEBUG": "yes",
                              "PORTAL_SESSION_MAX_BYTES": "2000"})
    return [settings.secret_key, settings.session_cookie, settings.session_max_bytes,
            settings.debug]


def check_session_size_limit():
    from webapp.sessions import SessionSerializer, SessionTooLarge

    serializer = SessionSerializer(KEY, max_bytes=200)
    small = serializer.loads(serializer.dumps({"a": 1}))
    try:
        serializer.dumps({"blob": "x" * 500})
        big = "accepted"
    except SessionTooLarge:
        big = "SessionTooLarge"
    return [small, big]
