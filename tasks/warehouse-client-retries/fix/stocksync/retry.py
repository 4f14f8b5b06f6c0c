"""Retry helper for the warehouse API, which drops connections and answers 503 under load."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")
log = logging.getLogger(__name__)


def retry_call(
    fn: Callable[..., T],
    *args: Any,
    attempts: int = 3,
    base_delay: float = 0.2,
    retry_on: tuple[type[BaseException], ...] = (ConnectionError, TimeoutError),
    sleep: Callable[[float], None] = time.sleep,
) -> T:
    """Call `fn(*args)` until it succeeds, at most `attempts` times.

    Only exceptions in `retry_on` are retried; the last one is re-raised once `attempts`
    are used up. The pause between two tries starts at `base_delay` seconds and doubles.
    """
    if attempts < 1:
        raise ValueError("attempts must be at least 1")
    for attempt in range(attempts):
        try:
            return fn(*args)
        except retry_on as exc:
            if attempt + 1 >= attempts:
                raise
            log.warning("warehouse call failed (attempt %d of %d): %s", attempt + 1, attempts, exc)
            sleep(base_delay * 2**attempt)
    raise AssertionError("unreachable")
