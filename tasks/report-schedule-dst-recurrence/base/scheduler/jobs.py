"""Report jobs and which of them are due."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from .schedule import DailySchedule


@dataclass
class ReportJob:
    name: str
    schedule: DailySchedule
    created_at: datetime
    last_run: datetime | None = None

    def next_run(self) -> datetime:
        return self.schedule.next_run(self.last_run or self.created_at)


def due_jobs(jobs: Iterable[ReportJob], now: datetime) -> list[ReportJob]:
    """Jobs whose next run is at or before `now`."""
    return [job for job in jobs if job.next_run() <= now]
