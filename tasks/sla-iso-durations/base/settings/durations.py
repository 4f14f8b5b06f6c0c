"""Durations written in configuration files, such as `4h`, `1d12h` or `90m`."""

from __future__ import annotations

import re
from datetime import timedelta

_COMPACT = re.compile(r"(?:(\d+)d)?\s*(?:(\d+)h)?\s*(?:(\d+)m)?\s*(?:(\d+)s)?")


def parse_duration(text: str) -> timedelta:
    """Parse a compact duration: days, hours, minutes and seconds, in that order."""
    cleaned = text.strip().lower()
    match = _COMPACT.fullmatch(cleaned)
    if not cleaned or match is None:
        raise ValueError(f"invalid duration: {text!r}")
    days, hours, minutes, seconds = (int(g) if g else 0 for g in match.groups())
    return timedelta(days=days, hours=hours, minutes=minutes, seconds=seconds)
