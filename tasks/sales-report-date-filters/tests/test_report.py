from datetime import date

from salesreport.loading import read_sales
from salesreport.summary import between_days, daily_totals

EXPORT = [
    "sale_id,sold_at,region,amount_cents\n",
    "a,2024-05-01T10:00:00+00:00,eu,100\n",
    "b,2024-05-02T10:00:00+00:00,eu,200\n",
    "c,2024-05-03T10:00:00+00:00,us,300\n",
]


def test_daily_totals():
    totals = daily_totals(read_sales(EXPORT))
    assert [(t.day.isoformat(), t.region, t.amount_cents) for t in totals] == [
        ("2024-05-01", "EU", 100), ("2024-05-02", "EU", 200), ("2024-05-03", "US", 300)]


def test_between_days_includes_both_ends():
    picked = between_days(read_sales(EXPORT), date(2024, 5, 2), date(2024, 5, 3))
    assert [sale.sale_id for sale in picked] == ["b", "c"]


def test_between_days_open_ends():
    assert len(list(between_days(read_sales(EXPORT)))) == 3
