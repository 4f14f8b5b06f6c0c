import json
import tempfile

from filehub.handlers import make_app
from filehub.storage import Storage


def _app():
    storage = Storage(tempfile.mkdtemp(dir="."))
    storage.save("notes.txt", b"hello")
    storage.save("meeting notes.txt", b"agenda")
    return make_app(storage)


def test_download_plain_name():
    resp = _app().dispatch("/files/notes.txt")
    assert resp.status == 200
    assert resp.body == b"hello"


def test_download_percent_encoded_name():
    resp = _app().dispatch("/files/meeting%20notes.txt")
    assert resp.status == 200
    assert resp.body == b"agenda"
    assert "filename*=UTF-8''meeting%20notes.txt" in resp.headers["Content-Disposition"]


def test_listing_and_missing_file():
    app = _app()
    assert json.loads(app.dispatch("/files").body) == {"files": ["meeting notes.txt", "notes.txt"]}
    assert app.dispatch("/files/absent.txt").status == 404
