"""Deliver one webhook, retrying the failures worth retrying."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Webhook:
    event_id: str
    url: str
    body: bytes


class DeliveryError(Exception):
    """One delivery attempt failed; `retryable` is False for answers like 400 or 410."""

    def __init__(self, message: str, *, retryable: bool) -> None:
        super().__init__(message)
        self.retryable = retryable


class DeliveryFailed(Exception):
    """Every attempt failed; the webhook goes to the dead-letter table."""

    def __init__(self, event_id: str, attempts: int) -> None:
        super().__init__(f"webhook {event_id} failed after {attempts} attempts")
        self.event_id = event_id
        self.attempts = attempts


Transport = Callable[[Webhook], int]  # returns the HTTP status of a 2xx answer


class WebhookSender:
    def __init__(
        self,
        transport: Transport,
        *,
        retries: int = 2,
        delay: float = 5.0,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._transport = transport
        self.retries = retries
        self.delay = delay
        self._sleep = sleep

    def send(self, hook: Webhook) -> int:
        """Deliver `hook`, retrying up to `retries` times after the first attempt."""
        last_error: DeliveryError | None = None
        for attempt in range(self.retries + 1):
            if attempt:
                self._sleep(self.delay)
            try:
                return self._transport(hook)
            except DeliveryError as exc:
                if not exc.retryable:
                    raise
                last_error = exc
                log.info("webhook %s attempt %d failed: %s", hook.event_id, attempt + 1, exc)
        raise DeliveryFailed(hook.event_id, self.retries + 1) from last_error
