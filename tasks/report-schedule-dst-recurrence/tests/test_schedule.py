from datetime import UTC, datetime, time

from scheduler.jobs import upcoming
from scheduler.schedule import daily, monthly, weekly


def test_daily_follows_local_clock():
    runs = upcoming(daily(time(8, 0), "Europe/Paris"), datetime(2024, 6, 1, tzinfo=UTC), 2)
    assert [r.isoformat() for r in runs] == ["2024-06-01T06:00:00+00:00",
                                             "2024-06-02T06:00:00+00:00"]


def test_weekly_on_mondays():
    runs = upcoming(weekly(time(9, 0), "UTC", {0}), datetime(2024, 6, 1, tzinfo=UTC), 2)
    assert [r.date().isoformat() for r in runs] == ["2024-06-03", "2024-06-10"]


def test_monthly_is_clamped_to_month_end():
    runs = upcoming(monthly(time(12, 0), "UTC", 30), datetime(2024, 1, 31, tzinfo=UTC), 2)
    assert [r.date().isoformat() for r in runs] == ["2024-02-29", "2024-03-30"]


def test_next_run_is_strictly_after():
    s = daily(time(12, 0), "UTC")
    at_noon = datetime(2024, 6, 1, 12, tzinfo=UTC)
    assert s.next_run(at_noon) == datetime(2024, 6, 2, 12, tzinfo=UTC)
