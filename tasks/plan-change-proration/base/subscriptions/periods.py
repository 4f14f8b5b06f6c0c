"""Monthly billing periods.

A period is identified by its first and last day, both inclusive, exactly as printed on the
invoice ("1 Mar 2024 - 31 Mar 2024"). Periods are anchored on the day of the month the
subscription started; when a month is too short, the period starts on its last day.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

DECEMBER = 12


@dataclass(frozen=True)
class BillingPeriod:
    start: date
    end: date  # inclusive

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError("period ends before it starts")

    @property
    def days(self) -> int:
        """Number of days in the period, both ends included."""
        return (self.end - self.start).days + 1

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end


def _anchored(year: int, month: int, anchor_day: int) -> date:
    last = calendar.monthrange(year, month)[1]
    return date(year, month, min(anchor_day, last))


def period_containing(day: date, anchor_day: int) -> BillingPeriod:
    """The billing period, anchored on `anchor_day` of the month, that contains `day`."""
    start = _anchored(day.year, day.month, anchor_day)
    if start > day:
        year, month = (day.year, day.month - 1) if day.month > 1 else (day.year - 1, DECEMBER)
        start = _anchored(year, month, anchor_day)
    if start.month == DECEMBER:
        year, month = start.year + 1, 1
    else:
        year, month = start.year, start.month + 1
    return BillingPeriod(start, _anchored(year, month, anchor_day) - timedelta(days=1))
