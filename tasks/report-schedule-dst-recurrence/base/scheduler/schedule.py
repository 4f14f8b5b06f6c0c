"""Daily schedules in the recipient's time zone."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo


@dataclass(frozen=True)
class DailySchedule:
    at: time  # local wall-clock time, naive
    tz_name: str

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.tz_name)

    def next_run(self, after: datetime) -> datetime:
        """The first run strictly after `after`, as an aware UTC datetime."""
        local = after.astimezone(self.tz)
        candidate = datetime.combine(local.date(), self.at, tzinfo=self.tz)
        if candidate <= local:
            candidate += timedelta(days=1)
        return candidate.astimezone(UTC)
