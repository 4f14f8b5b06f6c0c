import tempfile
from pathlib import Path

from snapshots.archive import create_snapshot, list_snapshot, restore_snapshot


def _tree():
    root = Path(tempfile.mkdtemp(dir="."))
    (root / "src" / "sub").mkdir(parents=True)
    (root / "src" / "top.txt").write_text("top")
    (root / "src" / "sub" / "inner.txt").write_text("inner")
    return root


def test_create_and_list():
    root = _tree()
    assert create_snapshot(root / "src", root / "s.tar.gz") == 2
    names = [e.name for e in list_snapshot(root / "s.tar.gz")]
    assert names == ["sub", "sub/inner.txt", "top.txt"]


def test_restore_round_trip():
    root = _tree()
    create_snapshot(root / "src", root / "s.tar.gz")
    restored = restore_snapshot(root / "s.tar.gz", root / "out")
    assert restored == ["sub/inner.txt", "top.txt"]
    assert (root / "out" / "sub" / "inner.txt").read_text() == "inner"


def test_restore_needs_empty_destination():
    root = _tree()
    create_snapshot(root / "src", root / "s.tar.gz")
    try:
        restore_snapshot(root / "s.tar.gz", root / "src")
    except FileExistsError:
        return
    raise AssertionError("restored over existing files")
