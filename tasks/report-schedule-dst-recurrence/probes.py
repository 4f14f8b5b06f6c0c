def _iso(values):
    return [v.isoformat() for v in values]


def check_daily_runs_across_dst():
    from datetime import UTC, datetime, time

    from scheduler.jobs import upcoming
    from scheduler.schedule import daily

    return [
        _iso(upcoming(daily(time(2, 30), "America/New_York"),
                      datetime(2024, 3, 8, 12, tzinfo=UTC), 4)),
        _iso(upcoming(daily(time(1, 30), "America/New_York"),
                      datetime(2024, 11, 1, 12, tzinfo=UTC), 4)),
        _iso(upcoming(daily(time(8, 0), "Europe/Berlin"),
                      datetime(2024, 3, 29, 12, tzinfo=UTC), 4)),
        _iso(upcoming(daily(time(0, 0), "America/Santiago"),
                      datetime(2024, 9, 6, 12, tzinfo=UTC), 3)),
    ]


def check_ambiguous_time_runs_once():
    from datetime import UTC, datetime, time, timedelta, timezone

    from scheduler.schedule import daily

    s = daily(time(1, 30), "America/New_York")
    first = s.next_run(datetime(2024, 11, 3, 4, 0, tzinfo=UTC))
    est = timezone(timedelta(hours=-5))
    return _iso([
        first,
        s.next_run(first),
        s.next_run(datetime(2024, 11, 3, 1, 10, tzinfo=est)),
        s.next_run(datetime(2024, 11, 3, 1, 29, fold=1, tzinfo=s.tz)),
    ])


def check_weekly_and_monthly():
    from datetime import UTC, datetime, time

    from scheduler.jobs import upcoming
    from scheduler.schedule import monthly, weekly

    return [
        _iso(upcoming(weekly(time(9, 15), "Europe/Berlin", {0, 3}),
                      datetime(2024, 10, 24, 7, 15, tzinfo=UTC), 5)),
        _iso(upcoming(monthly(time(6, 0), "Asia/Tokyo", 31),
                      datetime(2024, 1, 1, tzinfo=UTC), 5)),
        _iso(upcoming(monthly(time(23, 30), "Australia/Lord_Howe", 7),
                      datetime(2024, 3, 1, tzinfo=UTC), 3)),
    ]


def check_due_jobs():
    from datetime import UTC, datetime, time

    from scheduler.jobs import ReportJob, due_jobs
    from scheduler.schedule import daily, weekly

    created = datetime(2024, 3, 1, tzinfo=UTC)
    jobs = [
        ReportJob("sales-ny", daily(time(2, 30), "America/New_York"), created,
                  datetime(2024, 3, 9, 7, 30, tzinfo=UTC)),
        ReportJob("stock-berlin", weekly(time(8, 0), "Europe/Berlin", {6}), created),
        ReportJob("kpi-tokyo", daily(time(6, 0), "Asia/Tokyo"), created,
                  datetime(2024, 3, 9, 21, 0, tzinfo=UTC)),
    ]
    out = []
    for now in (datetime(2024, 3, 10, 7, 0, tzinfo=UTC), datetime(2024, 3, 10, 7, 30, tzinfo=UTC)):
        out.append(sorted(job.name for job in due_jobs(jobs, now)))
    jobs[0].mark_run(datetime(2024, 3, 10, 7, 30, tzinfo=UTC))
    out.append(jobs[0].next_run().isoformat())
    return out


def check_validation():
    from datetime import UTC, datetime, time

    from scheduler.schedule import Schedule, daily

    out = []
    attempts = [
        lambda: daily(time(8, 0), "Europe/Berlin").next_run(datetime(2024, 1, 1)),
        lambda: Schedule(time(8, 0), "UTC", weekdays=frozenset({7})),
        lambda: Schedule(time(8, 0), "UTC", weekdays=frozenset()),
        lambda: Schedule(time(8, 0), "UTC", month_day=0),
        lambda: Schedule(time(8, 0, tzinfo=UTC), "UTC"),
        lambda: Schedule(time(8, 0), "Mars/Olympus_Mons"),
    ]
    for attempt in attempts:
        try:
            attempt()
            out.append("accepted")
        except (ValueError, KeyError) as exc:
            out.append(type(exc).__mro__[1].__name__ if isinstance(exc, KeyError)
                       else "ValueError")
    return out
