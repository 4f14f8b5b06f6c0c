"""Client authentication by shared API key.

Clients send the key in `X-Api-Key` or as `Authorization: Bearer <key>`. Several keys may be
valid at once while a key is being rotated; the gateway logs which one was used (by
fingerprint, never the key itself) so we can tell when the old key is no longer in use.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping

from .config import GatewayConfig


def fingerprint(key: str) -> str:
    """A short, non-secret identifier of a key, for logs and metrics."""
    return hashlib.sha256(key.encode()).hexdigest()[:12]


def _presented_key(headers: Mapping[str, str]) -> str:
    lowered = {name.lower(): value for name, value in headers.items()}
    if "x-api-key" in lowered:
        return lowered["x-api-key"].strip()
    scheme, _, credential = lowered.get("authorization", "").strip().partition(" ")
    if scheme.lower() == "bearer":
        return credential.strip()
    return ""


class ApiKeyAuth:
    def __init__(self, config: GatewayConfig) -> None:
        self._keys = [(key.encode(), fingerprint(key)) for key in config.api_keys]

    def identify(self, headers: Mapping[str, str]) -> str | None:
        """The fingerprint of the key the request carries, or None if it carries no valid key.

        Every configured key is compared (in constant time), so the time taken does not
        depend on which key matched.
        """
        presented = _presented_key(headers).encode()
        if not presented:
            return None
        matched = None
        for key, key_fingerprint in self._keys:
            if hmac.compare_digest(presented, key):
                matched = key_fingerprint
        return matched

    def is_authorised(self, headers: Mapping[str, str]) -> bool:
        """True when the request carries one of the configured keys."""
        return self.identify(headers) is not None
