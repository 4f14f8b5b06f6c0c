from events import EventBus, drop_topics, timestamped


def test_publish_reaches_subscribers():
    bus = EventBus()
    seen = []
    bus.subscribe("user.created", lambda e: seen.append(e.payload["id"]))
    assert bus.publish("user.created", {"id": 3}) == 1
    assert seen == [3]


def test_timestamped_middleware():
    bus = EventBus([timestamped(clock=lambda: 10.0)])
    seen = []
    bus.subscribe("t", lambda e: seen.append(e.payload["published_at"]))
    bus.publish("t")
    assert seen == [10.0]


def test_dropped_event_is_not_delivered():
    bus = EventBus()
    bus.use(drop_topics("internal."))
    seen = []
    bus.subscribe("internal.tick", seen.append)
    assert bus.publish("internal.tick") == 0
    assert seen == []
