"""Durations written in configuration files.

Two notations are accepted:

- compact: `4h`, `1d12h`, `90m`, `1h 30m` (days, hours, minutes, seconds, in that order);
- ISO 8601: `PT4H`, `P1DT12H`, `PT90M`, `P2W`, `PT0.25S`, as exported by the ticketing tool.

ISO years and months are rejected: their length varies, and an SLA must be a fixed duration.
Note that `M` means minutes only after the `T` separator (`PT5M`); `P5M` would be months.
"""

from __future__ import annotations

import re
from datetime import timedelta

_COMPACT = re.compile(r"(?:(\d+)d)?\s*(?:(\d+)h)?\s*(?:(\d+)m)?\s*(?:(\d+)s)?")
_ISO = re.compile(
    r"P(?!$)(?:(\d+)W)?(?:(\d+)D)?"
    r"(?:T(?=\d)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)(?:[.,](\d{1,6}))?S)?)?"
)


def _parse_iso(text: str) -> timedelta:
    match = _ISO.fullmatch(text)
    if match is None:
        raise ValueError(f"invalid ISO 8601 duration (years and months are not supported): "
                         f"{text!r}")
    weeks, days, hours, minutes, seconds, fraction = match.groups()
    return timedelta(
        weeks=int(weeks or 0),
        days=int(days or 0),
        hours=int(hours or 0),
        minutes=int(minutes or 0),
        seconds=int(seconds or 0),
        microseconds=int((fraction or "").ljust(6, "0")),
    )


def parse_duration(text: str) -> timedelta:
    """Parse a compact or an ISO 8601 duration (see the module docstring)."""
    cleaned = text.strip()
    if cleaned[:1] in ("P", "p"):
        return _parse_iso(cleaned.upper())
    match = _COMPACT.fullmatch(cleaned.lower())
    if not cleaned or match is None:
        raise ValueError(f"invalid duration: {text!r}")
    days, hours, minutes, seconds = (int(g) if g else 0 for g in match.groups())
    return timedelta(days=days, hours=hours, minutes=minutes, seconds=seconds)


def format_duration(value: timedelta) -> str:
    """The canonical ISO 8601 form of a duration, e.g. `P1DT2H30M`, `PT0.5S`, `PT0S`.

    `parse_duration(format_duration(d)) == d` for every non-negative duration.
    """
    if value < timedelta(0):
        raise ValueError("negative durations are not supported")
    hours, rest = divmod(value.seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    date_part = f"{value.days}D" if value.days else ""
    time_part = ""
    if hours:
        time_part += f"{hours}H"
    if minutes:
        time_part += f"{minutes}M"
    if value.microseconds:
        time_part += f"{seconds}.{value.microseconds:06d}".rstrip("0") + "S"
    elif seconds:
        time_part += f"{seconds}S"
    if not date_part and not time_part:
        return "PT0S"
    return "P" + date_part + (f"T{time_part}" if time_part else "")
