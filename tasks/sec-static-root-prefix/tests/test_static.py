import os
import tempfile

from assets.static import StaticFiles


def _root():
    root = tempfile.mkdtemp(dir=".")
    os.makedirs(os.path.join(root, "css"))
    with open(os.path.join(root, "css", "site.css"), "w") as fh:
        fh.write("h1{}")
    return root


def test_serves_file():
    resp = StaticFiles(_root()).get("css/site.css")
    assert resp.status == 200
    assert resp.body == b"h1{}"
    assert resp.headers["Content-Type"] == "text/css"


def test_missing_is_404():
    assert StaticFiles(_root()).get("css/nope.css").status == 404


def test_etag_gives_304():
    static = StaticFiles(_root())
    etag = static.get("css/site.css").headers["ETag"]
    assert static.get("css/site.css", if_none_match=etag).status == 304
