import io


def _lines():
    from salesagg.aggregate import OrderLine

    return [OrderLine("o1", "MUG-BLUE", 3, 1250), OrderLine("o1", "TEA-EARL", 1, 899),
            OrderLine("o2", "MUG-BLUE", 1, 1250), OrderLine("o3", "KETTLE", 1, 4999),
            OrderLine("o4", "TEA-EARL", 2, 899, refunded=True),
            OrderLine("o5", "TEA-EARL", 4, 850)]


def check_export_columns():
    from salesagg.aggregate import summarise
    from salesagg.export import write_summary_csv

    out = io.StringIO()
    rows = write_summary_csv(summarise(_lines()), out)
    return [rows, out.getvalue().splitlines()]


def check_export_merged():
    from salesagg.aggregate import OrderLine, merge, summarise
    from salesagg.export import write_summary_csv

    week2 = summarise([OrderLine("o9", "KETTLE", 2, 4500), OrderLine("o9", "CUP", 6, 300)])
    out = io.StringIO()
    write_summary_csv(merge(summarise(_lines()), week2), out)
    return out.getvalue().splitlines()


def check_summary_and_ranking():
    from salesagg.aggregate import summarise, top_skus

    summary = summarise(_lines())
    return [sorted(summary.items()), top_skus(summary), top_skus(summary, 2)]


def check_report():
    from salesagg.aggregate import summarise
    from salesagg.report import render_report

    summary = summarise(_lines())
    return [render_report(summary, "Week 14").splitlines(),
            render_report(summary, "Week 14", top=1).splitlines()]


def check_merge():
    from salesagg.aggregate import merge

    return sorted(merge({"A": (1000, 2), "B": (50, 1)}, {"A": (500, 1)}, {}).items())
