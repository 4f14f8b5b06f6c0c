"""Password login, with a limit on attempts per account."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from .window import SlidingWindowLog

log = logging.getLogger(__name__)

Verifier = Callable[[str, str], bool]  # (username, password) -> credentials are valid


class LockedOut(Exception):
    """Too many login attempts for this account; try again in `retry_after` seconds."""

    def __init__(self, username: str, retry_after: float) -> None:
        super().__init__(f"too many login attempts for {username!r}")
        self.username = username
        self.retry_after = retry_after


class LoginService:
    """Check passwords; allow at most `max_attempts` attempts per account per `window`.

    Every attempt counts, and is recorded before the password is checked, so parallel
    requests cannot get past the limit; a successful login clears the account's history.
    """

    def __init__(
        self,
        verify: Verifier,
        *,
        max_attempts: int = 5,
        window: float = 900.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._verify = verify
        self._attempts = SlidingWindowLog(max_attempts, window, clock)

    def login(self, username: str, password: str) -> bool:
        """Whether `password` is valid for `username`; raise LockedOut past the limit."""
        key = username.strip().casefold()
        if not self._attempts.acquire(key):
            raise LockedOut(username, self._attempts.retry_after(key))
        ok = self._verify(username, password)
        if ok:
            self._attempts.reset(key)
        else:
            log.info("failed login for %s", username)
        return ok

    def sweep(self) -> int:
        """Forget accounts with no recent attempt (run from the housekeeping job)."""
        return self._attempts.sweep()
