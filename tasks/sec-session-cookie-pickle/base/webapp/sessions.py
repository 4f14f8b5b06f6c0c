"""Client-side sessions: the session dict travels in a signed cookie.

Cookie format: `<payload>.<signature>`, both URL-safe base64 without padding, where the
signature is HMAC-SHA256 of the payload under the application's secret key.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from typing import Any


class BadSignature(ValueError):
    """The cookie was not produced by this application (or was altered)."""


class SessionTooLarge(ValueError):
    """The serialised session does not fit in a cookie."""


def _b64encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _b64decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class SessionSerializer:
    def __init__(self, secret_key: bytes, max_bytes: int = 3800) -> None:
        if not secret_key:
            raise ValueError("a secret key is required")
        self._key = secret_key
        self._max_bytes = max_bytes

    def _sign(self, payload: str) -> str:
        mac = hmac.new(self._key, payload.encode(), hashlib.sha256)
        return _b64encode(mac.digest())

    def _encode(self, data: dict[str, Any]) -> bytes:
        return json.dumps(data, separators=(",", ":"), sort_keys=True).encode()

    def _decode(self, raw: bytes) -> dict[str, Any]:
        return json.loads(raw)

    def dumps(self, data: dict[str, Any]) -> str:
        """Serialise and sign `data` into a cookie value."""
        payload = _b64encode(self._encode(data))
        cookie = f"{payload}.{self._sign(payload)}"
        if len(cookie) > self._max_bytes:
            raise SessionTooLarge(f"session cookie would be {len(cookie)} bytes")
        return cookie

    def loads(self, cookie: str) -> dict[str, Any]:
        """Verify and deserialise a cookie value produced by `dumps`."""
        payload, sep, signature = cookie.rpartition(".")
        if not sep or not hmac.compare_digest(signature.encode(), self._sign(payload).encode()):
            raise BadSignature("session cookie signature does not match")
        try:
            raw = _b64decode(payload)
        except ValueError as exc:
            raise BadSignature("session cookie is not valid base64") from exc
        return self._decode(raw)
