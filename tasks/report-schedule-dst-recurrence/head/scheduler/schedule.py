"""Recurring schedules in the recipient's time zone: daily, on some weekdays, or monthly.

Runs are defined by a local wall-clock time, so they follow the recipient's clock across
daylight-saving changes (a 08:00 report stays at 08:00 local, not at a fixed UTC time).
Two local times need a rule, and we follow PEP 495 (`fold=0`):

- a time that occurs twice when clocks go back (01:30 in New York in November) runs once,
  at its first occurrence;
- a time skipped when clocks go forward (02:30 in New York in March) runs as far after the
  jump as it was after the start of the gap (03:30 local), so the report is not lost.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

ALL_DAYS = frozenset(range(7))  # Monday is 0
MAX_SEARCH_DAYS = 400
MAX_MONTH_DAY = 31


def resolve_local(day: date, at: time, tz: ZoneInfo) -> datetime:
    """The UTC instant of wall-clock time `at` on `day` in `tz`, under the rules above."""
    return datetime.combine(day, at.replace(fold=0), tzinfo=tz).astimezone(UTC)


@dataclass(frozen=True)
class Schedule:
    at: time  # local wall-clock time, naive
    tz_name: str
    weekdays: frozenset[int] = field(default=ALL_DAYS)
    month_day: int | None = None  # 1-31; clamped to the last day of shorter months

    def __post_init__(self) -> None:
        if self.at.tzinfo is not None:
            raise ValueError("`at` is a wall-clock time and must be naive")
        if not self.weekdays or not self.weekdays <= ALL_DAYS:
            raise ValueError("weekdays must be a non-empty subset of 0..6")
        if self.month_day is not None and not 1 <= self.month_day <= MAX_MONTH_DAY:
            raise ValueError("month_day must be between 1 and 31")
        ZoneInfo(self.tz_name)  # fail early on an unknown zone

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.tz_name)

    def runs_on(self, day: date) -> bool:
        if self.month_day is not None:
            last = calendar.monthrange(day.year, day.month)[1]
            return day.day == min(self.month_day, last)
        return day.weekday() in self.weekdays

    def next_run(self, after: datetime) -> datetime:
        """The first run strictly after `after` (aware), as an aware UTC datetime."""
        if after.tzinfo is None:
            raise ValueError("`after` must be timezone-aware")
        after_utc = after.astimezone(UTC)
        # Start one local day early: the run of the previous local day may still be ahead
        # of `after` once both are expressed in UTC.
        day = after_utc.astimezone(self.tz).date() - timedelta(days=1)
        for _ in range(MAX_SEARCH_DAYS):
            if self.runs_on(day):
                run = resolve_local(day, self.at, self.tz)
                if run > after_utc:
                    return run
            day += timedelta(days=1)
        raise RuntimeError("no run within the search window")  # unreachable for valid input


def daily(at: time, tz_name: str) -> Schedule:
    return Schedule(at, tz_name)


def weekly(at: time, tz_name: str, weekdays: set[int]) -> Schedule:
    return Schedule(at, tz_name, weekdays=frozenset(weekdays))


def monthly(at: time, tz_name: str, month_day: int) -> Schedule:
    return Schedule(at, tz_name, month_day=month_day)
