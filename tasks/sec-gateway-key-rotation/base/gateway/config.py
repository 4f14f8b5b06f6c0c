"""Gateway configuration, read from the environment at start-up."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

MIN_KEY_LENGTH = 24


class ConfigurationError(RuntimeError):
    pass


@dataclass(frozen=True)
class GatewayConfig:
    upstream_url: str
    api_key: str
    timeout_s: float = 10.0


def load_config(environ: Mapping[str, str] | None = None) -> GatewayConfig:
    env = os.environ if environ is None else environ
    upstream = env.get("GATEWAY_UPSTREAM_URL", "").strip()
    if not upstream.startswith(("http://", "https://")):
        raise ConfigurationError("GATEWAY_UPSTREAM_URL must be an http(s) URL")
    key = env.get("GATEWAY_API_KEY", "").strip()
    if len(key) < MIN_KEY_LENGTH:
        raise ConfigurationError(f"GATEWAY_API_KEY must have at least {MIN_KEY_LENGTH} characters")
    return GatewayConfig(upstream, key, float(env.get("GATEWAY_TIMEOUT_S", "10")))
