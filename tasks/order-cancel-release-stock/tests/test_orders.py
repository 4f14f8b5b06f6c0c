from fulfilment.inventory import Inventory
from fulfilment.orders import InvalidTransition, Line, Order, OrderStatus


def test_cancel_paid_order_puts_stock_back_on_sale():
    inventory = Inventory({"LAMP": 3})
    order = Order("A-1", [Line("LAMP", 2)])
    order.pay(inventory)
    assert inventory.available("LAMP") == 1
    order.cancel(inventory, "changed mind")
    assert order.status is OrderStatus.CANCELLED
    assert inventory.available("LAMP") == 3
    assert order.refund_due


def test_shipped_order_cannot_be_cancelled():
    inventory = Inventory({"LAMP": 3})
    order = Order("A-1", [Line("LAMP", 1)])
    order.pay(inventory)
    order.pack()
    order.ship(inventory)
    try:
        order.cancel(inventory, "too late")
    except InvalidTransition:
        pass
    else:
        raise AssertionError("a shipped order was cancelled")
