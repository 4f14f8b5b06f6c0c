from checkout.models import Cart, CartLine
from checkout.pricing import quote
from checkout.promotions import Multibuy
from checkout.service import checkout


class Stock:
    def __init__(self):
        self.reserved = {}

    def reserve(self, sku, quantity):
        self.reserved[sku] = self.reserved.get(sku, 0) + quantity


def test_three_for_two_on_three_mugs():
    q = quote([CartLine("MUG", 3, 1000)], [Multibuy("MUG", 2)])
    assert q.discount_cents == 1000
    assert q.total_cents == 2000
    assert q.lines[0].offer == "3 for 2"


def test_quote_merges_lines_of_the_same_sku():
    q = quote([CartLine("MUG", 1, 1000), CartLine("MUG", 2, 1000)], [Multibuy("MUG", 2)])
    assert [(line.sku, line.quantity) for line in q.lines] == [("MUG", 3)]
    assert q.total_cents == 2000


def test_checkout_reserves_and_prices():
    cart = Cart("c-9")
    cart.add("TEA", 1, 450)
    stock = Stock()
    receipt = checkout(cart, stock, [Multibuy("MUG", 2)])
    assert receipt.total_cents == 450
    assert stock.reserved == {"TEA": 1}
