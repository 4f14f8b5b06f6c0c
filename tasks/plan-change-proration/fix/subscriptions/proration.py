"""Proration of mid-period plan changes.

When a customer switches plans during a billing period, they are credited for the unused part
of the old plan and charged for the remaining part of the new one, both counted in whole days.
The day of the change is billed on the new plan. Prorated amounts are rounded half up to the
cent.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .periods import BillingPeriod, period_containing
from .plans import Plan


@dataclass(frozen=True)
class ProrationQuote:
    old_plan: str
    new_plan: str
    remaining_days: int
    credit_cents: int  # unused part of the old plan, refunded
    charge_cents: int  # remaining part of the new plan

    @property
    def net_cents(self) -> int:
        """Amount to invoice now; negative when the customer is owed money."""
        return self.charge_cents - self.credit_cents


def days_remaining(period: BillingPeriod, change_date: date) -> int:
    """Days of `period` from `change_date` to the end of the period."""
    if not period.contains(change_date):
        raise ValueError(f"{change_date} is outside {period.start}..{period.end}")
    return (period.end - change_date).days + 1


def prorate(amount_cents: int, days: int, period_days: int) -> int:
    """The share of `amount_cents` covering `days` out of `period_days`."""
    if not 0 <= days <= period_days:
        raise ValueError("days must be between 0 and the period length")
    return (2 * amount_cents * days + period_days) // (2 * period_days)


def quote_plan_change(
    old: Plan, new: Plan, change_date: date, anchor_day: int
) -> ProrationQuote:
    """Quote a switch from `old` to `new` on `change_date` for a subscription anchored on
    `anchor_day` of the month."""
    if old.code == new.code:
        raise ValueError("the subscription is already on this plan")
    period = period_containing(change_date, anchor_day)
    remaining = days_remaining(period, change_date)
    return ProrationQuote(
        old_plan=old.code,
        new_plan=new.code,
        remaining_days=remaining,
        credit_cents=prorate(old.price_cents, remaining, period.days),
        charge_cents=prorate(new.price_cents, remaining, period.days),
    )
