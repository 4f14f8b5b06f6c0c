"""The sign-in endpoint's logic, independent of the web framework."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from .directory import Account, Directory
from .throttle import LoginThrottle

log = logging.getLogger(__name__)


class InvalidCredentials(Exception):
    """Wrong username or password (deliberately not saying which)."""


class AccountLocked(Exception):
    """Too many failed attempts on this account; retry later."""


class LoginService:
    def __init__(
        self,
        directory: Directory,
        throttle: LoginThrottle | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._directory = directory
        self._throttle = throttle or LoginThrottle()
        self._clock = clock

    def login(self, username: str, password: str, ip: str) -> Account:
        now = self._clock()
        if self._throttle.is_locked(username, now):
            log.warning("sign-in for locked account %r from %s", username, ip)
            raise AccountLocked
        account = self._directory.authenticate(username, password)
        if account is None:
            self._throttle.record_failure(username, now)
            log.info("failed sign-in for %r from %s", username, ip)
            raise InvalidCredentials
        self._throttle.clear(username)
        log.info("sign-in for %r from %s", account.username, ip)
        return account
