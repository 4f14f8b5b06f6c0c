def _recorder(seen):
    def handler(event):
        seen.append((event.topic, dict(event.payload)))

    return handler


def check_middleware_is_per_bus():
    from events.bus import EventBus
    from events.middleware import drop_topics

    billing = EventBus()
    billing.use(drop_topics("order."))
    catalogue = EventBus()
    seen = []
    catalogue.subscribe("order.created", _recorder(seen))
    delivered = catalogue.publish("order.created", {"id": 7})
    third = EventBus()
    third.subscribe("order.created", _recorder(seen))
    return [delivered, third.publish("order.created", {"id": 8}), seen]


def check_middleware_order_enrich_and_drop():
    from events.bus import Event, EventBus
    from events.middleware import drop_topics, timestamped

    bus = EventBus([timestamped(clock=lambda: 42.0)])
    bus.use(lambda e: Event(e.topic, {**e.payload, "step": "second"}))
    bus.use(drop_topics("internal.", "debug."))
    seen = []
    for topic in ("user.created", "internal.tick", "debug.dump"):
        bus.subscribe(topic, _recorder(seen))
    counts = [bus.publish("user.created", {"id": 1}), bus.publish("internal.tick"),
              bus.publish("debug.dump", {"x": 1})]
    return [counts, seen]


def check_delivery_and_unsubscribe():
    from events.bus import EventBus

    bus = EventBus()
    seen = []

    def broken(event):
        raise RuntimeError("boom")

    bus.subscribe("a", broken)
    unsub = bus.subscribe("a", _recorder(seen))
    first = bus.publish("a", {"n": 1})
    unsub()
    unsub()
    second = bus.publish("a", {"n": 2})
    return [first, second, bus.publish("nobody-listens"), seen]
