"""Accounts and credential checks.

Usernames are case-insensitive and surrounding whitespace is ignored: `Alice`, `alice` and
` ALICE ` are the same account. `normalise_username` is the one place that defines this.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import unicodedata
from dataclasses import dataclass

_ITERATIONS = 50_000


def normalise_username(username: str) -> str:
    return unicodedata.normalize("NFKC", username).strip().casefold()


def _hash(password: str, salt: bytes) -> bytes:
    return hashlib.pbkdf2_hmac("sha256", password.encode(), salt, _ITERATIONS)


@dataclass(frozen=True)
class Account:
    username: str
    display_name: str


@dataclass(frozen=True)
class _Credential:
    account: Account
    salt: bytes
    digest: bytes


class Directory:
    def __init__(self) -> None:
        self._accounts: dict[str, _Credential] = {}
        self._dummy_salt = secrets.token_bytes(16)

    def add(self, username: str, password: str, display_name: str = "") -> Account:
        key = normalise_username(username)
        if not key or key in self._accounts:
            raise ValueError(f"cannot register {username!r}")
        salt = secrets.token_bytes(16)
        account = Account(key, display_name or username.strip())
        self._accounts[key] = _Credential(account, salt, _hash(password, salt))
        return account

    def authenticate(self, username: str, password: str) -> Account | None:
        """The account if `password` is right; None otherwise (same cost either way)."""
        credential = self._accounts.get(normalise_username(username))
        if credential is None:
            _hash(password, self._dummy_salt)
            return None
        if not hmac.compare_digest(_hash(password, credential.salt), credential.digest):
            return None
        return credential.account
