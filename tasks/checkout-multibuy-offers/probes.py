class _Stock:
    def __init__(self):
        self.calls = []

    def reserve(self, sku, quantity):
        self.calls.append((sku, quantity))


def _cart():
    from checkout.models import Cart

    cart = Cart("c-1")
    cart.add("MUG", 2, 1200)
    cart.add("TEA", 1, 450)
    cart.add("MUG", 1, 1200)
    return cart


def _quote_summary(q):
    return [[(l.sku, l.quantity, l.discount_cents, l.amount_cents, l.offer) for l in q.lines],
            q.subtotal_cents, q.discount_cents, q.total_cents]


def check_quote_leaves_cart_alone():
    from checkout.pricing import quote

    cart = _cart()
    first = quote(cart.lines)
    second = quote(cart.lines)
    return [_quote_summary(first), _quote_summary(second),
            [(l.sku, l.quantity) for l in cart.lines], cart.units()]


def check_checkout_reservations():
    from checkout.service import checkout

    cart = _cart()
    stock = _Stock()
    receipt = checkout(cart, stock)
    return [stock.calls, receipt.reserved, receipt.total_cents, cart.units()]


def check_free_units():
    from checkout.promotions import Multibuy

    three_for_two = Multibuy("MUG", 2)
    bogof = Multibuy("TEA", 1)
    four_for_two = Multibuy("CUP", 2, free=2)
    return [[offer.free_units(q) for q in range(9)]
            for offer in (three_for_two, bogof, four_for_two)]


def check_offers_in_quote():
    from checkout.models import CartLine
    from checkout.promotions import Multibuy
    from checkout.pricing import quote

    offers = [Multibuy("MUG", 2), Multibuy("JAM", 5)]
    q = quote([CartLine("MUG", 3, 1200), CartLine("TEA", 1, 450), CartLine("JAM", 2, 300)],
              offers)
    return _quote_summary(q)


def check_merge_and_labels():
    from checkout.models import CartLine
    from checkout.pricing import merge_lines
    from checkout.promotions import Multibuy

    merged = merge_lines([CartLine("A", 1, 100), CartLine("B", 2, 50), CartLine("A", 4, 90)])
    out = [[(l.sku, l.quantity, l.unit_price_cents) for l in merged],
           [Multibuy("MUG", 2).label, Multibuy("TEA", 1).label, Multibuy("CUP", 3, 2).label]]
    for buy, free in ((0, 1), (2, 0)):
        try:
            Multibuy("X", buy, free)
            out.append("accepted")
        except ValueError:
            out.append("ValueError")
    return out


def check_checkout_empty_cart():
    from checkout.models import Cart
    from checkout.service import checkout

    try:
        checkout(Cart("c-0"), _Stock())
    except ValueError as exc:
        return str(exc)
    return "no error"
