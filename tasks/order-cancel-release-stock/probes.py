def _setup():
    from fulfilment.inventory import Inventory
    from fulfilment.orders import Line, Order

    inventory = Inventory({"LAMP": 5, "DESK": 2})
    paid = Order("A-1", [Line("LAMP", 2)])
    paid.pay(inventory)
    return inventory, paid, Order, Line


def _level(inventory, sku):
    level = inventory.level(sku)
    return [level.on_hand, level.reserved, level.available]


def check_cancel_pending_keeps_reservations():
    from fulfilment.inventory import InsufficientStock

    inventory, paid, Order, Line = _setup()
    pending = Order("B-1", [Line("LAMP", 3), Line("DESK", 1)])
    pending.cancel(inventory, "customer changed their mind")
    out = [_level(inventory, "LAMP"), _level(inventory, "DESK"), pending.status.value,
           pending.refund_due]
    greedy = Order("C-1", [Line("LAMP", 5)])
    try:
        greedy.pay(inventory)
        out.append("paid")
    except InsufficientStock:
        out.append("InsufficientStock")
    return out


def check_cancel_paid_and_packed_release():
    inventory, paid, Order, Line = _setup()
    packed = Order("B-2", [Line("LAMP", 1), Line("DESK", 2)])
    packed.pay(inventory)
    packed.pack()
    before = [_level(inventory, "LAMP"), _level(inventory, "DESK")]
    paid.cancel(inventory, "fraud check failed")
    packed.cancel(inventory, "address undeliverable")
    return [before, _level(inventory, "LAMP"), _level(inventory, "DESK"),
            [paid.refund_due, packed.refund_due], packed.history]


def check_shipped_and_cancelled_cannot_cancel():
    from fulfilment.orders import InvalidTransition

    inventory, paid, Order, Line = _setup()
    paid.pack()
    paid.ship(inventory)
    out = [_level(inventory, "LAMP")]
    try:
        paid.cancel(inventory, "too late")
        out.append("cancelled")
    except InvalidTransition as exc:
        out.append(str(exc))
    again = Order("D-1", [Line("DESK", 1)])
    again.cancel(inventory, "dup")
    try:
        again.cancel(inventory, "dup")
        out.append("cancelled twice")
    except InvalidTransition as exc:
        out.append(str(exc))
    out += [_level(inventory, "LAMP"), _level(inventory, "DESK"), paid.refund_due,
            again.refund_due]
    return out


def check_life_cycle():
    from fulfilment.inventory import InsufficientStock

    inventory, paid, Order, Line = _setup()
    big = Order("E-1", [Line("LAMP", 2), Line("DESK", 3)])
    try:
        big.pay(inventory)
    except InsufficientStock as exc:
        refused = str(exc)
    paid.pack()
    paid.ship(inventory)
    return [refused, big.status.value, _level(inventory, "LAMP"), _level(inventory, "DESK"),
            paid.status.value, [h[:2] for h in paid.history]]
