import json
from pathlib import Path


class _Key:
    """A key that counts how often it is compared for equality."""

    eq_calls = 0

    def __init__(self, value):
        self.value = value

    def __hash__(self):
        return hash(self.value)

    def __eq__(self, other):
        _Key.eq_calls += 1
        return isinstance(other, _Key) and self.value == other.value


def _growth(calls, n):
    return "linear" if calls <= 4 * n else "quadratic"


def check_merge_comparisons():
    from contacts.merge import merge_feeds

    shop = [{"id": i, "name": f"c{i}"} for i in range(900)]
    events = [{"id": i, "name": f"c{i}"} for i in range(700, 1200)]
    _Key.eq_calls = 0
    result = merge_feeds({"shop": shop, "events": events}, key=lambda r: _Key(r["id"]))
    n = len(shop) + len(events)
    return [len(result.contacts), result.duplicates, result.kept_by_source,
            _growth(_Key.eq_calls, n)]


def check_index_build_comparisons():
    from contacts.index import KeyIndex

    _Key.eq_calls = 0
    index = KeyIndex(_Key(i % 1000) for i in range(1200))
    probes = [_Key(i) in index for i in (0, 999, 1000)]
    return [len(index), probes, _growth(_Key.eq_calls, 1200)]


def check_merge_first_wins():
    from contacts.merge import merge_feeds

    feeds = {
        "shop": [{"email": "Ann@Example.com ", "name": "Ann"}, {"phone": "+44 20 7946 0018"},
                 {"name": "  Bob   Stone"}],
        "newsletter": [{"email": "ann@example.com", "name": "Ann N."},
                       {"phone": "020 7946 0018", "name": "Phone twin"},
                       {"name": "bob stone"}, {"email": "cy@example.com"}],
    }
    result = merge_feeds(feeds)
    return [result.contacts, result.duplicates, result.kept_by_source, result.index.keys()]


def check_second_run_skips_saved_contacts():
    from contacts.index import load_index, save_index
    from contacts.merge import merge_feeds

    path = Path("contacts-index.json")
    first = merge_feeds({"shop": [{"email": "a@x.io"}, {"email": "b@x.io"}]},
                        index=load_index(path))
    save_index(first.index, path)
    saved = json.loads(path.read_text())
    second = merge_feeds({"events": [{"email": "b@x.io"}, {"email": "c@x.io"}]},
                         index=load_index(path))
    return [saved, [c["email"] for c in second.contacts], second.duplicates,
            second.index.keys(), len(second.index)]


def check_index_order_and_membership():
    from contacts.index import KeyIndex

    index = KeyIndex([("email", "z@x.io"), ("email", "a@x.io"), ("email", "z@x.io")])
    added = [index.add(("phone", "1")), index.add(("email", "a@x.io"))]
    return [index.keys(), added, ("phone", "1") in index, ("phone", "2") in index, len(index)]
