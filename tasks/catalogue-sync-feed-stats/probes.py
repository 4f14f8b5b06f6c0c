import json


def _feed(*products):
    lines = [json.dumps({"sku": sku, "title": f"Item {sku}", "category": cat,
                         "price_cents": price}) + "\n" for sku, cat, price in products]
    return lines


def _store(*skus):
    from catalogue.feed import Product
    from catalogue.store import ProductStore

    return ProductStore(Product(sku, f"Item {sku}", "shoes", 1000) for sku in skus)


def check_sync_updates_catalogue():
    from catalogue.sync import sync_feed

    store = _store("A", "B", "C")
    feed = _feed(("A", "shoes", 1200), ("B", "shoes", 1000), ("D", "bags", 500))
    report = sync_feed(iter(feed), store, log=lambda message: None)
    return [report.received, report.changed, report.deactivated, store.active_skus(),
            store.get("A").product.price_cents]


def check_sync_log():
    from catalogue.sync import sync_feed

    messages = []
    feed = _feed(("A", "Shoes", 1200), ("B", None, 10), ("C", "bags", 5), ("D", "shoes", 7))
    sync_feed(feed, _store("A", "B"), log=messages.append)
    return messages


def check_truncated_feed_refused():
    from catalogue.sync import SuspiciousFeed, sync_feed

    store = _store("A", "B", "C", "D", "E", "F")
    messages = []
    try:
        sync_feed(_feed(("A", "shoes", 1), ("B", "shoes", 1)), store, log=messages.append)
        outcome = "synced"
    except SuspiciousFeed as exc:
        outcome = str(exc)
    return [outcome, messages, store.active_skus(), store.get("A").product.price_cents]


def check_bad_feed_line():
    from catalogue.feed import FeedError
    from catalogue.sync import sync_feed

    store = _store("A")
    feed = _feed(("A", "shoes", 5)) + ["{broken\n"]
    try:
        sync_feed(feed, store, log=lambda message: None)
        outcome = "synced"
    except FeedError as exc:
        outcome = str(exc)
    return [outcome, store.active_skus(), store.get("A").product.price_cents]


def check_stats_helpers():
    from collections import Counter

    from catalogue.stats import format_counts, shrinkage

    counts = Counter({"shoes": 7, "bags": 3, "hats": 3, "belts": 1})
    return [format_counts(counts), format_counts(counts, limit=2), format_counts(Counter()),
            shrinkage(10, 4), shrinkage(0, 3), shrinkage(4, 9)]
