import json

from catalogue.feed import Product, iter_feed
from catalogue.stats import category_counts, shrinkage
from catalogue.store import ProductStore
from catalogue.sync import SuspiciousFeed, sync_feed


def _line(sku, category="shoes", price=100):
    return json.dumps({"sku": sku, "title": sku, "category": category,
                       "price_cents": price}) + "\n"


def test_category_counts():
    counts = category_counts(iter_feed([_line("A"), _line("B", "Bags"), _line("C")]))
    assert counts == {"shoes": 2, "bags": 1}


def test_shrinkage():
    assert shrinkage(10, 5) == 0.5
    assert shrinkage(10, 12) == 0.0


def test_truncated_feed_is_refused():
    store = ProductStore(Product(sku, sku, "shoes", 100) for sku in "ABCD")
    try:
        sync_feed([_line("A")], store, log=lambda message: None)
    except SuspiciousFeed:
        pass
    else:
        raise AssertionError("a feed with a quarter of the catalogue was accepted")
    assert store.active_skus() == ["A", "B", "C", "D"]
