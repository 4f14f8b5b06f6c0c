"""Report jobs and which of them are due."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from .schedule import Schedule


@dataclass
class ReportJob:
    name: str
    schedule: Schedule
    created_at: datetime
    last_run: datetime | None = None

    def next_run(self) -> datetime:
        return self.schedule.next_run(self.last_run or self.created_at)

    def mark_run(self, when: datetime) -> None:
        if when.tzinfo is None:
            raise ValueError("run time must be timezone-aware")
        self.last_run = when


def due_jobs(jobs: Iterable[ReportJob], now: datetime) -> list[ReportJob]:
    """Jobs whose next run is at or before `now`."""
    return [job for job in jobs if job.next_run() <= now]


def upcoming(schedule: Schedule, after: datetime, count: int) -> list[datetime]:
    """The next `count` runs after `after`, for the "next deliveries" preview in settings."""
    runs: list[datetime] = []
    while len(runs) < count:
        after = schedule.next_run(after)
        runs.append(after)
    return runs
