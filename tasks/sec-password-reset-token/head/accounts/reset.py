"""Self-service password reset.

`request_reset` creates a random token that is e-mailed to the user (only its SHA-256 digest is
kept, so a leaked store does not leak usable tokens). `reset_password` accepts the token within
`ttl` of its creation and sets the new password.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta, timezone

from .users import UserStore

RESET_TOKEN_TTL = timedelta(minutes=30)


class InvalidResetToken(Exception):
    """The token is unknown, expired or otherwise not usable."""


@dataclass(frozen=True)
class PendingReset:
    user_id: int
    issued_at: datetime
    used_at: datetime | None = None


def _utcnow() -> datetime:
    return datetime.now(timezone.utc)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class PasswordResetService:
    def __init__(
        self,
        users: UserStore,
        ttl: timedelta = RESET_TOKEN_TTL,
        clock: Callable[[], datetime] = _utcnow,
    ) -> None:
        self._users = users
        self._ttl = ttl
        self._clock = clock
        self._pending: dict[str, PendingReset] = {}

    def request_reset(self, email: str) -> str | None:
        """Create a reset token for the account of `email` (None if there is no such account;
        the caller shows the same message either way)."""
        user = self._users.find_by_email(email)
        if user is None:
            return None
        token = secrets.token_urlsafe(32)
        self._pending[_digest(token)] = PendingReset(user.id, self._clock())
        return token

    def _check(self, token: str) -> tuple[str, PendingReset]:
        digest = _digest(token)
        pending = self._pending.get(digest)
        if pending is None:
            raise InvalidResetToken("unknown reset token")
        age = self._clock() - pending.issued_at
        if age.seconds > self._ttl.total_seconds():
            del self._pending[digest]
            raise InvalidResetToken("reset token has expired")
        return digest, pending

    def reset_password(self, token: str, new_password: str) -> int:
        """Set a new password using a reset token; return the user id."""
        digest, pending = self._check(token)
        self._users.set_password(pending.user_id, new_password)
        # Keep the record (with its use time) for the account's security log.
        self._pending[digest] = replace(pending, used_at=self._clock())
        return pending.user_id

    def history(self, user_id: int) -> list[tuple[datetime, datetime | None]]:
        """(issued, used) times of the user's reset tokens, oldest first."""
        entries = sorted(
            (p for p in self._pending.values() if p.user_id == user_id),
            key=lambda p: p.issued_at,
        )
        return [(p.issued_at, p.used_at) for p in entries]
