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
    sleep: Callable[[float], None] = time.sleep,
) -> T:
    """Call `fn(*args)` until it succeeds, at most `attempts` times.

    The pause between two tries starts at `base_delay` seconds and doubles each time.
    """
    if attempts < 1:
        raise ValueError("attempts must be at least 1")
    for attempt in range(attempts):
        try:
            return fn(*args)
        except Exception as exc:
            log.warning("warehouse call failed (attempt %d of %d): %s", attempt + 1, attempts, exc)
            if attempt + 1 < attempts:
                sleep(base_delay * 2**attempt)
