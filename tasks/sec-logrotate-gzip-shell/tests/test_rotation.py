import gzip
import os
import tempfile
from pathlib import Path

from logship.rotation import compress_file, needs_rotation, rotate


def _tmpdir():
    return Path(tempfile.mkdtemp(dir="."))


def test_rotate_keeps_generations():
    log = _tmpdir() / "app.log"
    for text in ("one", "two", "three"):
        log.write_text(text)
        rotate(log, keep=2)
    assert (log.parent / "app.log.1").read_text() == "three"
    assert (log.parent / "app.log.2").read_text() == "two"
    assert log.read_text() == ""


def test_compress_file_replaces_original():
    log = _tmpdir() / "app.log.1"
    log.write_text("line\n")
    out = compress_file(log)
    assert out.name == "app.log.1.gz"
    assert not log.exists()
    assert gzip.decompress(out.read_bytes()) == b"line\n"


def test_needs_rotation():
    log = _tmpdir() / "x.log"
    assert not needs_rotation(log, 10)
    log.write_bytes(b"x" * 10)
    assert needs_rotation(log, 10)
    assert os.path.getsize(log) == 10
