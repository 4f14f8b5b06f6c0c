"""Calendar days in a customer's billing time zone."""

from __future__ import annotations

import calendar
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo


def local_midnight(day: date, tz: ZoneInfo) -> datetime:
    """The start of `day` in `tz`, as an aware datetime in that zone."""
    return datetime.combine(day, time.min, tzinfo=tz)


def local_day_bounds(day: date, tz: ZoneInfo) -> tuple[datetime, datetime]:
    """Start (inclusive) and end (exclusive) of `day` in `tz`, as aware local datetimes."""
    return local_midnight(day, tz), local_midnight(day + timedelta(days=1), tz)


def days_of_month(year: int, month: int) -> Iterator[date]:
    for day in range(1, calendar.monthrange(year, month)[1] + 1):
        yield date(year, month, day)
