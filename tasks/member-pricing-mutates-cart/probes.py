def _cart(tier):
    from decimal import Decimal

    from shop.cart import Cart

    cart = Cart("cust-42", tier)
    cart.add("MUG", "Mug", Decimal("12.99"), 2)
    cart.add("TEE", "T-shirt", Decimal("24.95"))
    cart.add("CAP", "Cap", Decimal("17.50"))
    cart.set_quantity("CAP", 0)
    return cart


def _view(q):
    return [[(l.sku, l.quantity, l.unit_price) for l in q.lines], q.subtotal, q.shipping,
            q.savings, q.total]


def check_confirmed_member_order_goes_through():
    from shop.checkout import PriceChangedError, place_order, preview

    out = []
    for tier in ("gold", "silver"):
        cart = _cart(tier)
        shown = preview(cart)
        try:
            order = place_order(cart, shown.total)
            out.append([shown.total, order.total, order.lines])
        except PriceChangedError:
            out.append([shown.total, "PriceChangedError"])
    return out


def check_requoting_is_stable():
    from shop.pricing import quote

    cart = _cart("gold")
    totals = [quote(cart).total for _ in range(3)]
    return [totals, [(i.sku, i.unit_price) for i in cart.items]]


def check_single_quote_per_tier():
    from shop.pricing import quote

    return [_view(quote(_cart(tier))) for tier in ("standard", "silver", "gold")]


def check_standard_checkout_and_guards():
    from decimal import Decimal

    from shop.cart import Cart
    from shop.checkout import PriceChangedError, place_order, preview

    cart = _cart("standard")
    shown = preview(cart)
    out = [place_order(cart, shown.total).total]
    try:
        place_order(_cart("standard"), shown.total - Decimal("0.01"))
        out.append("placed")
    except PriceChangedError:
        out.append("PriceChangedError")
    try:
        place_order(Cart("c"), Decimal("0"))
        out.append("placed")
    except ValueError:
        out.append("ValueError")
    return out


def check_member_price():
    from decimal import Decimal

    from shop.tiers import member_price

    out = [member_price(Decimal(p), t) for p, t in (("12.99", "gold"), ("24.95", "silver"),
                                                  ("0.05", "gold"), ("9.99", "standard"))]
    try:
        member_price(Decimal("1"), "platinum")
        out.append("priced")
    except ValueError:
        out.append("ValueError")
    return out
