import io


def _moves(rows):
    from stockreport.snapshot import Movement

    return [Movement(kind, sku, qty) for kind, sku, qty in rows]


LOG = [
    ("receipt", "MUG", 20), ("reserve", "MUG", 5), ("ship", "MUG", 3), ("release", "MUG", 1),
    ("sale", "MUG", 2), ("ordered", "MUG", 30),
    ("receipt", "TEA", 4), ("reserve", "TEA", 4), ("ordered", "TEA", 10), ("delivered", "TEA", 6),
    ("adjust", "JAM", 3), ("adjust", "JAM", -5),
    ("receipt", "CUP", 2), ("reserve", "CUP", 3),
]


def check_levels():
    from stockreport.snapshot import stock_levels

    levels = stock_levels(_moves(LOG))
    return [[sku, list(level), level.available, level.projected]
            for sku, level in sorted(levels.items())]


def check_unknown_kind():
    from stockreport.snapshot import KINDS, stock_levels

    try:
        stock_levels(_moves([("receipt", "A", 1), ("lost", "A", 1)]))
        outcome = "accepted"
    except ValueError as exc:
        outcome = str(exc)
    return [outcome, list(KINDS)]


def check_reorder():
    from stockreport.reorder import ReorderRule, reorder_suggestions
    from stockreport.snapshot import stock_levels

    levels = stock_levels(_moves(LOG))
    rules = {"MUG": ReorderRule(10, 40), "TEA": ReorderRule(12, 20), "JAM": ReorderRule(0, 10),
             "CUP": ReorderRule(1, 5), "NEW": ReorderRule(0, 6)}
    return reorder_suggestions(levels, rules)


def check_alerts():
    from stockreport.alerts import negative_stock, out_of_stock, over_reserved
    from stockreport.snapshot import stock_levels

    levels = stock_levels(_moves(LOG))
    return [out_of_stock(levels), negative_stock(levels), over_reserved(levels)]


def check_export():
    from stockreport.export import write_levels
    from stockreport.snapshot import stock_levels

    out = io.StringIO()
    write_levels(stock_levels(_moves(LOG)), out)
    return out.getvalue().splitlines()
