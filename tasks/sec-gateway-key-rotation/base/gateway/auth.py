"""Client authentication by shared API key (the `X-Api-Key` request header)."""

from __future__ import annotations

import hmac
from collections.abc import Mapping

from .config import GatewayConfig


class ApiKeyAuth:
    def __init__(self, config: GatewayConfig) -> None:
        self._key = config.api_key.encode()

    def is_authorised(self, headers: Mapping[str, str]) -> bool:
        """True when the request carries the configured key."""
        lowered = {name.lower(): value for name, value in headers.items()}
        presented = lowered.get("x-api-key", "")
        if not presented:
            return False
        return hmac.compare_digest(presented.encode(), self._key)
