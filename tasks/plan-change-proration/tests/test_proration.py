from datetime import date

from subscriptions.periods import BillingPeriod
from subscriptions.plans import get_plan
from subscriptions.proration import ProrationQuote, prorate, quote_plan_change


def test_prorate_whole_days():
    assert prorate(3000, 10, 30) == 1000


def test_prorate_nothing_left():
    assert prorate(4900, 0, 31) == 0


def test_downgrade_is_a_credit():
    quote = ProrationQuote("team", "starter", 10, credit_cents=1633, charge_cents=333)
    assert quote.net_cents == -1300


def test_quote_reports_plans():
    quote = quote_plan_change(get_plan("starter"), get_plan("business"), date(2024, 6, 20), 1)
    assert (quote.old_plan, quote.new_plan) == ("starter", "business")
    assert quote.charge_cents > quote.credit_cents


def test_period_length_includes_both_ends():
    assert BillingPeriod(date(2024, 2, 1), date(2024, 2, 29)).days == 29
