from catalog.app import build_app


def test_app_wires_invalidation():
    app = build_app()
    app.cache.set("menu:4", "<nav/>")
    app.bus.publish("category.renamed", {"id": 4})
    assert app.cache.get("menu:4") is None
    assert app.invalidation.dropped["category.renamed"] == 1


def test_unrelated_fragments_survive():
    app = build_app()
    app.cache.set("menu:5", "<nav/>")
    app.bus.publish("category.renamed", {"id": 4})
    assert app.cache.get("menu:5") == "<nav/>"
