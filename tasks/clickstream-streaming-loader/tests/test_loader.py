import json

from clickstream.batching import batched
from clickstream.loader import EmptyInput, load_events


class ListSink:
    def __init__(self):
        self.batches = []

    def write(self, events):
        self.batches.append([event.ts for event in events])


def _line(ts):
    return json.dumps({"ts": ts, "user": "u1", "kind": "view"}) + "\n"


def test_batched():
    assert list(batched(range(5), 2)) == [[0, 1], [2, 3], [4]]


def test_load_events_in_batches():
    sink = ListSink()
    stats = load_events([_line(ts) for ts in (10, 20, 30)], sink, batch_size=2)
    assert sink.batches == [[10, 20], [30]]
    assert (stats.events, stats.batches, stats.first_ts, stats.last_ts) == (3, 2, 10, 30)


def test_empty_export_is_refused():
    try:
        load_events(["\n"], ListSink())
    except EmptyInput:
        pass
    else:
        raise AssertionError("an empty export was accepted")
