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
    api_keys: tuple[str, ...]
    timeout_s: float = 10.0


def parse_api_keys(raw: str) -> tuple[str, ...]:
    """Split a comma-separated key list, dropping blanks and duplicates (order kept)."""
    keys: list[str] = []
    for part in raw.split(","):
        key = part.strip()
        if key and key not in keys:
            keys.append(key)
    return tuple(keys)


def load_config(environ: Mapping[str, str] | None = None) -> GatewayConfig:
    """Read the configuration.

    Keys come from `GATEWAY_API_KEYS` (comma-separated, so that a new key can be rolled out
    before the old one is retired) or, for existing deployments, from `GATEWAY_API_KEY`.
    """
    env = os.environ if environ is None else environ
    upstream = env.get("GATEWAY_UPSTREAM_URL", "").strip()
    if not upstream.startswith(("http://", "https://")):
        raise ConfigurationError("GATEWAY_UPSTREAM_URL must be an http(s) URL")
    keys = parse_api_keys(env.get("GATEWAY_API_KEYS") or env.get("GATEWAY_API_KEY", ""))
    if not keys:
        raise ConfigurationError("set GATEWAY_API_KEYS (or GATEWAY_API_KEY)")
    short = [i for i, key in enumerate(keys, 1) if len(key) < MIN_KEY_LENGTH]
    if short:
        raise ConfigurationError(
            f"API keys must have at least {MIN_KEY_LENGTH} characters (key #{short[0]} is shorter)"
        )
    return GatewayConfig(upstream, keys, float(env.get("GATEWAY_TIMEOUT_S", "10")))
