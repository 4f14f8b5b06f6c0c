"""Retry timing for webhook deliveries."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class BackoffPolicy:
    """Exponential backoff with a cap.

    A delivery is tried once and then retried up to `max_retries` times; the n-th retry
    (n = 1, 2, ...) waits `base_delay * multiplier ** (n - 1)` seconds, at most `max_delay`.
    """

    max_retries: int = 5
    base_delay: float = 2.0
    multiplier: float = 2.0
    max_delay: float = 300.0

    def __post_init__(self) -> None:
        if self.max_retries < 0:
            raise ValueError("max_retries must not be negative")
        if self.base_delay <= 0 or self.max_delay < self.base_delay:
            raise ValueError("need 0 < base_delay <= max_delay")
        if self.multiplier < 1:
            raise ValueError("multiplier must be at least 1")

    def delay(self, retry: int) -> float:
        """Seconds to wait before retry number `retry` (1 for the first retry)."""
        if retry < 1:
            raise ValueError("retries are numbered from 1")
        return min(self.max_delay, self.base_delay * self.multiplier ** (retry - 1))

    def schedule(self) -> list[float]:
        """Every delay of a delivery that keeps failing, in order."""
        return [self.delay(retry) for retry in range(1, self.max_retries + 1)]
