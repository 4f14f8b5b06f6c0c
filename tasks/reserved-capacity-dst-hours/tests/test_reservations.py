from datetime import date
from decimal import Decimal
from zoneinfo import ZoneInfo

from metering.reservations import Reservation, billable_hours, daily_charge, monthly_statement


def test_regular_day_has_24_hours():
    assert billable_hours(date(2024, 5, 14), ZoneInfo("Europe/Paris")) == 24


def test_daily_charge_rounds_to_cent():
    res = Reservation("vm-1", 3, Decimal("0.0333"), "UTC")
    assert daily_charge(res, date(2024, 5, 14)) == Decimal("2.40")


def test_statement_has_one_line_per_day():
    res = Reservation("vm-1", 1, Decimal("0.05"), "Asia/Tokyo")
    lines = monthly_statement(res, 2024, 4)
    assert [line.day.day for line in lines] == list(range(1, 31))
    assert sum(line.charge for line in lines) == Decimal("36.00")
