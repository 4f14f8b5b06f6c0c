from stocksync.client import InventoryClient
from stocksync.sync import sync_stock


class Store:
    def __init__(self):
        self.levels = {}

    def set_level(self, sku, level):
        self.levels[sku] = level


def test_sync_writes_levels():
    client = InventoryClient(lambda method, path: (200, {"available": 4}), sleep=lambda s: None)
    store = Store()
    report = sync_stock(client, store, ["A1", "B2"])
    assert report.updated == ["A1", "B2"]
    assert store.levels == {"A1": 4, "B2": 4}


def test_transient_error_is_retried():
    answers = [OSError("connection reset"), (200, {"available": 9})]
    sleeps = []

    def transport(method, path):
        answer = answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer

    client = InventoryClient(transport, sleep=sleeps.append)
    assert client.fetch_stock("A1") == 9
    assert sleeps == [0.2]
