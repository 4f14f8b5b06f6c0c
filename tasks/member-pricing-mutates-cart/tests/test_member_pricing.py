from decimal import Decimal

from shop.cart import Cart
from shop.pricing import quote
from shop.tiers import member_price


def test_gold_gets_ten_percent():
    assert member_price(Decimal("20.00"), "gold") == Decimal("18.00")


def test_member_quote_shows_savings():
    cart = Cart("c1", "silver")
    cart.add("BOOK", "Book", Decimal("30.00"), 2)
    q = quote(cart)
    assert q.subtotal == Decimal("57.00")
    assert q.savings == Decimal("3.00")
    assert q.shipping == Decimal("0.00")


def test_standard_customer_pays_catalogue_price():
    cart = Cart("c2")
    cart.add("PEN", "Pen", Decimal("2.50"), 4)
    q = quote(cart)
    assert q.total == Decimal("14.90")
    assert q.savings == Decimal("0.00")
