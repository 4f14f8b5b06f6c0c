"""Failed-attempt throttling: too many failures for one key within a window lock it out."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass


@dataclass(frozen=True)
class ThrottlePolicy:
    max_failures: int = 5
    window_s: float = 900.0
    lockout_s: float = 900.0


class LoginThrottle:
    """Counts failures per key in a sliding window; times are seconds from a monotonic clock."""

    def __init__(self, policy: ThrottlePolicy | None = None) -> None:
        self.policy = policy or ThrottlePolicy()
        self._failures: dict[str, deque[float]] = {}
        self._locked_until: dict[str, float] = {}

    def _prune(self, key: str, now: float) -> deque[float]:
        failures = self._failures.setdefault(key, deque())
        while failures and failures[0] <= now - self.policy.window_s:
            failures.popleft()
        return failures

    def is_locked(self, key: str, now: float) -> bool:
        until = self._locked_until.get(key)
        if until is None:
            return False
        if now >= until:
            del self._locked_until[key]
            return False
        return True

    def record_failure(self, key: str, now: float) -> None:
        failures = self._prune(key, now)
        failures.append(now)
        if len(failures) >= self.policy.max_failures:
            self._locked_until[key] = now + self.policy.lockout_s
            failures.clear()

    def clear(self, key: str) -> None:
        self._failures.pop(key, None)
        self._locked_until.pop(key, None)
