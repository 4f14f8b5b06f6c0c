def _filled_app():
    from catalog.app import build_app

    app = build_app()
    for kind in ("product", "product-card", "price", "category", "menu"):
        for entity_id in (1, 2):
            app.cache.set(f"{kind}:{entity_id}", f"<div>{kind} {entity_id}</div>")
    return app


def check_product_update_drops_product_fragments():
    app = _filled_app()
    app.bus.publish("product.updated", {"id": 1})
    return [app.cache.keys(), dict(app.invalidation.dropped)]


def check_price_change_drops_price_fragments():
    app = _filled_app()
    app.bus.publish("price.changed", {"id": 2})
    app.bus.publish("price.changed", {"id": 2})
    return [app.cache.keys(), dict(app.invalidation.dropped)]


def check_last_route_and_unrelated_topic():
    app = _filled_app()
    app.bus.publish("category.renamed", {"id": 1})
    app.bus.publish("stock.changed", {"id": 2})
    return [app.cache.keys(), dict(app.invalidation.dropped)]


def check_custom_routes():
    from catalog.cache import FragmentCache
    from catalog.events import EventBus
    from catalog.invalidation import wire_invalidation

    bus, cache = EventBus(), FragmentCache()
    for key in ("a:9", "b:9", "c:9"):
        cache.set(key, key.upper())
    stats = wire_invalidation(bus, cache, {"only.c": ("c",)})
    bus.publish("only.c", {"id": 9})
    return [cache.keys(), dict(stats.dropped)]
