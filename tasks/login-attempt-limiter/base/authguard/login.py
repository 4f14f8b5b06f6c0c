"""Password login."""

from __future__ import annotations

import logging
from collections.abc import Callable

log = logging.getLogger(__name__)

Verifier = Callable[[str, str], bool]  # (username, password) -> credentials are valid


class LoginService:
    def __init__(self, verify: Verifier) -> None:
        self._verify = verify

    def login(self, username: str, password: str) -> bool:
        """Whether `password` is valid for `username`."""
        ok = self._verify(username, password)
        if not ok:
            log.info("failed login for %s", username)
        return ok
