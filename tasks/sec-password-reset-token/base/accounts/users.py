"""In-process user store with salted PBKDF2 password hashes."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass

PBKDF2_ITERATIONS = 100_000
MIN_PASSWORD_LENGTH = 10


class WeakPassword(ValueError):
    """The new password does not meet the policy."""


@dataclass
class User:
    id: int
    email: str
    password_hash: str


def hash_password(password: str, salt: bytes | None = None) -> str:
    salt = salt if salt is not None else secrets.token_bytes(16)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode(), salt, PBKDF2_ITERATIONS)
    return f"{salt.hex()}${digest.hex()}"


def verify_password(password: str, stored: str) -> bool:
    salt_hex, _, _ = stored.partition("$")
    return hmac.compare_digest(hash_password(password, bytes.fromhex(salt_hex)), stored)


def check_policy(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise WeakPassword(f"passwords need at least {MIN_PASSWORD_LENGTH} characters")


class UserStore:
    def __init__(self) -> None:
        self._by_id: dict[int, User] = {}

    def add(self, email: str, password: str) -> User:
        check_policy(password)
        if self.find_by_email(email) is not None:
            raise ValueError(f"{email} is already registered")
        user = User(len(self._by_id) + 1, email.strip(), hash_password(password))
        self._by_id[user.id] = user
        return user

    def get(self, user_id: int) -> User:
        return self._by_id[user_id]

    def find_by_email(self, email: str) -> User | None:
        wanted = email.strip().casefold()
        return next((u for u in self._by_id.values() if u.email.casefold() == wanted), None)

    def authenticate(self, email: str, password: str) -> User | None:
        user = self.find_by_email(email)
        if user is None or not verify_password(password, user.password_hash):
            return None
        return user

    def set_password(self, user_id: int, password: str) -> None:
        check_policy(password)
        self._by_id[user_id].password_hash = hash_password(password)
