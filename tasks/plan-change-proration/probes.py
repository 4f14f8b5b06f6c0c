def _errors(fn, *args):
    try:
        return fn(*args)
    except ValueError:
        return "ValueError"


def check_prorate_rounding():
    from subscriptions.proration import prorate

    cases = [(999, 31, 31), (999, 15, 31), (1999, 10, 30), (19900, 29, 29), (999, 30, 30),
             (19900, 13, 31)]
    return [prorate(*case) for case in cases]


def check_days_remaining_counts_change_day():
    from datetime import date

    from subscriptions.periods import BillingPeriod
    from subscriptions.proration import days_remaining

    march = BillingPeriod(date(2024, 3, 1), date(2024, 3, 31))
    feb = BillingPeriod(date(2024, 1, 31), date(2024, 2, 28))
    return [
        days_remaining(march, date(2024, 3, 1)),
        days_remaining(march, date(2024, 3, 17)),
        days_remaining(march, date(2024, 3, 31)),
        days_remaining(feb, date(2024, 2, 28)),
        days_remaining(feb, date(2024, 1, 31)),
    ]


def check_upgrade_quote():
    from datetime import date

    from subscriptions.plans import get_plan
    from subscriptions.proration import quote_plan_change

    out = []
    for old, new, day, anchor in [("starter", "team", date(2024, 3, 17), 1),
                                  ("business", "starter", date(2024, 2, 10), 15),
                                  ("free", "team", date(2023, 12, 31), 31)]:
        q = quote_plan_change(get_plan(old), get_plan(new), day, anchor)
        out.append([q.remaining_days, q.credit_cents, q.charge_cents, q.net_cents])
    return out


def check_exact_shares_and_guards():
    from subscriptions.proration import prorate

    return [
        prorate(3100, 10, 31),
        prorate(3000, 30, 30),
        prorate(0, 12, 30),
        prorate(4900, 0, 30),
        _errors(prorate, 4900, 31, 30),
        _errors(prorate, 4900, -1, 30),
    ]


def check_quote_guards_and_net():
    from datetime import date

    from subscriptions.periods import BillingPeriod, period_containing
    from subscriptions.plans import get_plan
    from subscriptions.proration import ProrationQuote, days_remaining, quote_plan_change

    team = get_plan("team")
    period = BillingPeriod(date(2024, 4, 1), date(2024, 4, 30))
    p = period_containing(date(2024, 1, 2), 31)
    return [
        _errors(quote_plan_change, team, team, date(2024, 4, 2), 1),
        _errors(days_remaining, period, date(2024, 5, 1)),
        ProrationQuote("team", "starter", 10, 1633, 333).net_cents,
        [p.start, p.end, p.days],
    ]
