"""Account operations used by the web app, with read-through caching.

Lookups by email are cached too, including those that find nobody (the sign-up form checks
availability on every keystroke).
"""

from __future__ import annotations

import sqlite3

from .cache import MISSING, AccountCache, email_key, user_key
from .db import User, UserRepository


class EmailTaken(Exception):
    pass


class UnknownUser(Exception):
    pass


def normalise_email(email: str) -> str:
    return email.strip().casefold()


class AccountService:
    def __init__(self, repo: UserRepository, cache: AccountCache) -> None:
        self._repo = repo
        self._cache = cache

    def get_user(self, user_id: int) -> User | None:
        key = user_key(user_id)
        user = self._cache.get(key)
        if user is MISSING:
            user = self._repo.get(user_id)
            self._cache.set(key, user)
        return user

    def find_by_email(self, email: str) -> User | None:
        key = email_key(normalise_email(email))
        user = self._cache.get(key)
        if user is MISSING:
            user = self._repo.find_by_email(normalise_email(email))
            self._cache.set(key, user)
        return user

    def register(self, email: str, name: str) -> User:
        email = normalise_email(email)
        if self.find_by_email(email) is not None:
            raise EmailTaken(email)
        try:
            user = self._repo.add(email, name)
        except sqlite3.IntegrityError as exc:
            raise EmailTaken(email) from exc
        self._cache.delete(email_key(email))
        return user

    def change_email(self, user_id: int, new_email: str) -> User:
        """Give `user_id` a new email address (after the confirmation link was clicked)."""
        new_email = normalise_email(new_email)
        user = self.get_user(user_id)
        if user is None:
            raise UnknownUser(user_id)
        if user.email == new_email:
            return user
        if self.find_by_email(new_email) is not None:
            raise EmailTaken(new_email)
        try:
            self._repo.update_email(user_id, new_email)
        except sqlite3.IntegrityError as exc:
            raise EmailTaken(new_email) from exc
        self._cache.delete(user_key(user_id))
        self._cache.delete(email_key(new_email))
        return User(user.id, new_email, user.name)
