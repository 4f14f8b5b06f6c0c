import tempfile
from pathlib import Path

from bulkimport.checkpoint import Checkpoint, load_checkpoint, save_checkpoint
from bulkimport.runner import run_import


class ListSink:
    def __init__(self):
        self.records = []

    def write_batch(self, records):
        self.records.extend(records)


def test_import_without_checkpoint():
    sink = ListSink()
    report = run_import([{"id": i} for i in range(5)], sink, batch_size=2)
    assert [r["id"] for r in sink.records] == [0, 1, 2, 3, 4]
    assert (report.imported, report.batches, report.skipped) == (5, 3, 0)


def test_completed_import_removes_checkpoint():
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "import.ckpt"
        run_import([{"id": i} for i in range(5)], ListSink(), batch_size=2, checkpoint=path)
        assert not path.exists()


def test_checkpoint_roundtrip():
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "import.ckpt"
        assert load_checkpoint(path).committed == 0
        save_checkpoint(path, Checkpoint(committed=42))
        assert load_checkpoint(path).committed == 42
