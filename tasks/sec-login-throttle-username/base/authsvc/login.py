"""The sign-in endpoint's logic, independent of the web framework."""

from __future__ import annotations

import logging

from .directory import Account, Directory

log = logging.getLogger(__name__)


class InvalidCredentials(Exception):
    """Wrong username or password (deliberately not saying which)."""


class LoginService:
    def __init__(self, directory: Directory) -> None:
        self._directory = directory

    def login(self, username: str, password: str, ip: str) -> Account:
        account = self._directory.authenticate(username, password)
        if account is None:
            log.info("failed sign-in for %r from %s", username, ip)
            raise InvalidCredentials
        log.info("sign-in for %r from %s", account.username, ip)
        return account
