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


def _settings_on_a_fresh_machine(machine, environ):
    """load_settings(environ) in a fresh import of the package, with its own working directory,
    HOME and TMPDIR and with `environ` as the only PORTAL_* variables: the secret key it yields,
    or None when it refuses to run (any exception)."""
    import sys
    import tempfile

    home = os.path.abspath(machine)
    os.mkdir(home)
    os.chdir(home)
    for name in [n for n in os.environ if n.startswith("PORTAL_")]:
        del os.environ[name]
    os.environ.update(environ, HOME=home, TMPDIR=home)
    tempfile.tempdir = None
    for name in [n for n in sys.modules if n == "webapp" or n.startswith("webapp.")]:
        del sys.modules[name]
    from webapp.settings import load_settings

    try:
        key = load_settings(dict(environ)).secret_key
    except Exception:  # refusing to start is a correct answer
        return None
    return key if isinstance(key, (bytes, str)) else None


def check_missing_secret_key_is_not_a_known_constant():
    """Without PORTAL_SECRET_KEY (with and without debug mode), two fresh machines must not end
    up signing sessions with the same key: a key both get is one that anybody with the source
    knows, and can forge cookies with. Refusing to start, or a key generated per machine, is
    fine. With the variable set, the key is the configured one."""
    start = os.getcwd()
    out = {}
    for label, environ in (("unset", {}), ("unset_debug", {"PORTAL_DEBUG": "1"}),
                           ("empty", {"PORTAL_SECRET_KEY": ""})):
        keys = []
        for machine in ("a", "b"):
            os.chdir(start)
            keys.append(_settings_on_a_fresh_machine(f"{label}-{machine}", environ))
        out[label] = {"same_key_on_two_machines": keys[0] is not None and keys[0] == keys[1]}
    os.chdir(start)
    configured = "c0nf1gured-" * 4
    key = _settings_on_a_fresh_machine("configured", {"PORTAL_SECRET_KEY": configured})
    out["configured_key_used"] = key in (configured, configured.encode())
    return out
