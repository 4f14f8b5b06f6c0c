"""On-demand usage records and their aggregation per local day."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from .calendar import local_day_bounds


@dataclass(frozen=True)
class UsageRecord:
    resource_id: str
    started_at: datetime  # aware, UTC
    ended_at: datetime  # aware, UTC, exclusive

    def __post_init__(self) -> None:
        if self.started_at.tzinfo is None or self.ended_at.tzinfo is None:
            raise ValueError("usage timestamps must be timezone-aware")
        if self.ended_at < self.started_at:
            raise ValueError("usage ends before it starts")


def usage_seconds(records: Iterable[UsageRecord], day: date, tz: ZoneInfo) -> int:
    """Seconds of usage that fall within `day` in `tz`, summed over all records."""
    start, end = (bound.astimezone(UTC) for bound in local_day_bounds(day, tz))
    total = 0
    for record in records:
        overlap = min(record.ended_at, end) - max(record.started_at, start)
        if overlap.total_seconds() > 0:
            total += int(overlap.total_seconds())
    return total
