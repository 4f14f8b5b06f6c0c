"""Reserved capacity, billed per hour of each local calendar day.

A reservation guarantees `units` instances to a customer for a flat hourly rate per unit,
whether or not they are used. Each day of the customer's billing time zone is charged for
the hours it actually has, rounded half up to the cent.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

from .calendar import days_of_month, local_day_bounds
from .usage import UsageRecord, usage_seconds

CENT = Decimal("0.01")
SECONDS_PER_HOUR = 3600


@dataclass(frozen=True)
class Reservation:
    resource_id: str
    units: int
    hourly_rate: Decimal  # per unit
    tz_name: str  # the customer's billing time zone

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.tz_name)


@dataclass(frozen=True)
class StatementLine:
    day: date
    hours: Decimal
    charge: Decimal


def billable_hours(day: date, tz: ZoneInfo) -> Decimal:
    """Length of `day` in `tz`, in hours."""
    start, end = local_day_bounds(day, tz)
    return Decimal(int((end - start).total_seconds())) / SECONDS_PER_HOUR


def daily_charge(reservation: Reservation, day: date) -> Decimal:
    hours = billable_hours(day, reservation.tz)
    amount = hours * reservation.units * reservation.hourly_rate
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def monthly_statement(reservation: Reservation, year: int, month: int) -> list[StatementLine]:
    return [
        StatementLine(day, billable_hours(day, reservation.tz), daily_charge(reservation, day))
        for day in days_of_month(year, month)
    ]


def utilisation(reservation: Reservation, records: Iterable[UsageRecord], day: date) -> Decimal:
    """Share of the reserved capacity used on `day`, between 0 and 1 (4 decimal places)."""
    used = usage_seconds(
        (r for r in records if r.resource_id == reservation.resource_id), day, reservation.tz
    )
    reserved = billable_hours(day, reservation.tz) * SECONDS_PER_HOUR * reservation.units
    if not reserved:
        return Decimal(0)
    return min(Decimal(used) / reserved, Decimal(1)).quantize(Decimal("0.0001"))
