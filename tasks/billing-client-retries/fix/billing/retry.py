"""Retry transient failures of the billing API transport."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from http import HTTPStatus

from .transport import ConnectError, Request, Response, Transport, TransportError

log = logging.getLogger(__name__)

RETRYABLE_STATUSES = frozenset(
    {HTTPStatus.BAD_GATEWAY, HTTPStatus.SERVICE_UNAVAILABLE, HTTPStatus.GATEWAY_TIMEOUT}
)
IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})


class RetryingTransport:
    """Wrap a transport: retry on transport errors and 502/503/504 answers.

    At most `attempts` tries in all; the pause before retry n is `backoff * 2 ** (n - 1)`.
    The last error is raised, or the last response returned, when the attempts run out.
    A non-idempotent request (POST, PATCH) may have been processed even though it failed, so
    it is only retried when it was certainly not sent (`ConnectError`).
    """

    def __init__(
        self,
        inner: Transport,
        *,
        attempts: int = 3,
        backoff: float = 0.5,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if attempts < 1:
            raise ValueError("attempts must be at least 1")
        self._inner = inner
        self.attempts = attempts
        self.backoff = backoff
        self._sleep = sleep

    def send(self, request: Request) -> Response:
        idempotent = request.method.upper() in IDEMPOTENT_METHODS
        for attempt in range(1, self.attempts + 1):
            last = attempt == self.attempts
            try:
                response = self._inner.send(request)
            except TransportError as exc:
                if last or not (idempotent or isinstance(exc, ConnectError)):
                    raise
                log.warning("%s %s failed (%s), retrying", request.method, request.path, exc)
            else:
                if response.status not in RETRYABLE_STATUSES or last or not idempotent:
                    return response
                log.warning("%s %s answered %d, retrying", request.method, request.path,
                            response.status)
            self._sleep(self.backoff * 2 ** (attempt - 1))
        raise AssertionError("unreachable")
