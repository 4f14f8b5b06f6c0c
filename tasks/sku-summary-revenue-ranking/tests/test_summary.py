from salesagg.aggregate import OrderLine, summarise, top_skus
from salesagg.report import render_report

LINES = [
    OrderLine("o1", "MUG", 2, 1000),
    OrderLine("o2", "TEA", 10, 300),
    OrderLine("o3", "MUG", 1, 1000, refunded=True),
]


def test_summarise_skips_refunds():
    assert summarise(LINES) == {"MUG": (2000, 2), "TEA": (3000, 10)}


def test_top_skus_by_revenue():
    assert [sku for sku, _, _ in top_skus(summarise(LINES))] == ["TEA", "MUG"]


def test_report_total_covers_all_skus():
    report = render_report(summarise(LINES), "W1", top=1)
    assert "MUG" not in report
    assert report.splitlines()[-1].split() == ["TOTAL", "12", "units", "50.00"]
