import io

from stockreport.alerts import out_of_stock
from stockreport.export import write_levels
from stockreport.reorder import ReorderRule, reorder_suggestions
from stockreport.snapshot import Movement, StockLevel, stock_levels


def test_reservation_and_shipment():
    levels = stock_levels([Movement("receipt", "MUG", 10), Movement("reserve", "MUG", 4),
                           Movement("ship", "MUG", 4)])
    assert levels["MUG"] == StockLevel(on_hand=6, reserved=0, incoming=0)


def test_reorder_counts_open_purchase_orders():
    levels = {"MUG": StockLevel(on_hand=2, reserved=0, incoming=20)}
    assert reorder_suggestions(levels, {"MUG": ReorderRule(5, 25)}) == {}


def test_out_of_stock_and_export():
    levels = {"MUG": StockLevel(3, 3, 0), "TEA": StockLevel(5, 1, 2)}
    assert out_of_stock(levels) == ["MUG"]
    out = io.StringIO()
    write_levels(levels, out)
    assert out.getvalue().splitlines()[2] == "TEA,5,1,2,4"
