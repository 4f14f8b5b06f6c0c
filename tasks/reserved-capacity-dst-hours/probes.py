def check_day_length_across_dst():
    from datetime import date
    from zoneinfo import ZoneInfo

    from metering.reservations import billable_hours

    cases = [("Europe/Berlin", date(2024, 3, 31)), ("Europe/Berlin", date(2024, 10, 27)),
             ("America/New_York", date(2024, 3, 10)), ("America/New_York", date(2024, 11, 3)),
             ("Australia/Lord_Howe", date(2024, 4, 7)), ("Europe/Berlin", date(2024, 7, 1))]
    return [str(billable_hours(day, ZoneInfo(tz))) for tz, day in cases]


def check_statement_over_dst_month():
    from decimal import Decimal

    from metering.reservations import Reservation, daily_charge, monthly_statement

    res = Reservation("db-1", 3, Decimal("0.137"), "Europe/Berlin")
    lines = monthly_statement(res, 2024, 3)
    return [
        len(lines),
        str(sum(line.hours for line in lines)),
        str(sum(line.charge for line in lines)),
        str(daily_charge(res, lines[-1].day)),
        str(daily_charge(Reservation("db-1", 2, Decimal("0.5"), "America/New_York"),
                         lines[9].day)),
    ]


def check_statement_without_dst():
    from decimal import Decimal

    from metering.reservations import Reservation, monthly_statement

    out = []
    for tz in ("UTC", "Asia/Tokyo", "Europe/Berlin"):
        res = Reservation("vm-7", 4, Decimal("0.0415"), tz)
        lines = monthly_statement(res, 2024, 2)
        out.append([len(lines), str(lines[0].hours), str(lines[28].charge),
                    str(sum(line.charge for line in lines))])
    return out


def _records():
    from datetime import UTC, datetime

    from metering.usage import UsageRecord

    def utc(*args):
        return datetime(*args, tzinfo=UTC)

    return [
        UsageRecord("vm-7", utc(2024, 6, 2, 22, 0), utc(2024, 6, 3, 10, 0)),
        UsageRecord("vm-7", utc(2024, 6, 3, 20, 0), utc(2024, 6, 4, 3, 0)),
        UsageRecord("vm-8", utc(2024, 6, 3, 0, 0), utc(2024, 6, 4, 0, 0)),
        UsageRecord("vm-7", utc(2024, 3, 30, 23, 0), utc(2024, 3, 31, 22, 0)),
    ]


def check_utilisation_regular_day():
    from datetime import date
    from decimal import Decimal
    from zoneinfo import ZoneInfo

    from metering.reservations import Reservation, utilisation
    from metering.usage import usage_seconds

    res = Reservation("vm-7", 2, Decimal("0.10"), "Europe/Berlin")
    day = date(2024, 6, 3)
    return [
        usage_seconds(_records(), day, ZoneInfo("Europe/Berlin")),
        str(utilisation(res, _records(), day)),
        str(utilisation(Reservation("vm-8", 1, Decimal("0.10"), "UTC"), _records(), day)),
    ]


def check_utilisation_on_short_day():
    from datetime import date
    from decimal import Decimal

    from metering.reservations import Reservation, utilisation

    res = Reservation("vm-7", 1, Decimal("0.10"), "Europe/Berlin")
    return str(utilisation(res, _records(), date(2024, 3, 31)))
