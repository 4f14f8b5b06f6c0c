"""Process-wide settings, read once from the environment."""

from __future__ import annotations

import os
import warnings
from collections.abc import Mapping
from dataclasses import dataclass

MIN_SECRET_LENGTH = 32
# Used when PORTAL_SECRET_KEY is not set, so that a fresh checkout runs without any setup.
DEFAULT_SECRET_KEY = "9f2c4e7a1b8d3f6051c2e9a7d4b8f3e6"


class ConfigurationError(RuntimeError):
    """A required setting is missing or malformed."""


@dataclass(frozen=True)
class Settings:
    secret_key: bytes
    session_cookie: str
    session_max_bytes: int
    debug: bool


def _flag(value: str | None) -> bool:
    return (value or "").strip().lower() in {"1", "true", "yes", "on"}


def load_settings(environ: Mapping[str, str] | None = None) -> Settings:
    """Build the settings from `environ` (the process environment by default)."""
    env = os.environ if environ is None else environ
    secret = env.get("PORTAL_SECRET_KEY", "")
    if not secret:
        warnings.warn("PORTAL_SECRET_KEY is not set; using the built-in key", stacklevel=2)
        secret = DEFAULT_SECRET_KEY
    if len(secret) < MIN_SECRET_LENGTH:
        raise ConfigurationError("PORTAL_SECRET_KEY must be at least 32 characters")
    return Settings(
        secret_key=secret.encode(),
        session_cookie=env.get("PORTAL_SESSION_COOKIE", "portal_session"),
        session_max_bytes=int(env.get("PORTAL_SESSION_MAX_BYTES", "3800")),
        debug=_flag(env.get("PORTAL_DEBUG")),
    )
