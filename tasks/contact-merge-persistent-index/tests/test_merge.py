import tempfile
from pathlib import Path

from contacts.index import KeyIndex, load_index, save_index
from contacts.merge import merge_feeds


def test_first_record_of_a_contact_wins():
    result = merge_feeds({
        "shop": [{"email": "ann@example.com", "name": "Ann"}],
        "newsletter": [{"email": "ANN@example.com", "name": "Annie"}, {"email": "bo@x.io"}],
    })
    assert [c["name"] for c in result.contacts if "name" in c] == ["Ann"]
    assert result.duplicates == 1
    assert result.kept_by_source == {"shop": 1, "newsletter": 1}


def test_index_roundtrip_keeps_first_seen_order():
    index = KeyIndex([("email", "b@x.io"), ("email", "a@x.io")])
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "index.json"
        save_index(index, path)
        assert load_index(path).keys() == [("email", "b@x.io"), ("email", "a@x.io")]


def test_earlier_index_skips_known_contacts():
    index = KeyIndex([("email", "a@x.io")])
    result = merge_feeds({"shop": [{"email": "a@x.io"}, {"email": "b@x.io"}]}, index=index)
    assert [c["email"] for c in result.contacts] == ["b@x.io"]
    assert len(result.index) == 2
