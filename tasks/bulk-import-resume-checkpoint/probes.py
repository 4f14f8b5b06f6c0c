import json
from pathlib import Path


class _Sink:
    def __init__(self, fail_on_call=None):
        self.ids = []
        self.calls = 0
        self.fail_on_call = fail_on_call

    def write_batch(self, records):
        self.calls += 1
        if self.calls == self.fail_on_call:
            raise ConnectionError("search node went away")
        self.ids.extend(r["id"] for r in records)


def _records(n):
    return [{"id": i, "sku": f"SKU-{i:03d}"} for i in range(n)]


def _report(report):
    return [report.imported, report.batches, report.skipped]


def check_resume_after_failure():
    from bulkimport.runner import run_import

    path = Path("resume.ckpt")
    first = _Sink(fail_on_call=3)
    try:
        run_import(_records(10), first, batch_size=3, checkpoint=path)
        crashed = False
    except ConnectionError:
        crashed = True
    saved = json.loads(path.read_text())["committed"]
    second = _Sink()
    report = run_import(_records(10), second, batch_size=3, checkpoint=path)
    return [crashed, first.ids, saved, second.ids, _report(report), path.exists(),
            sorted(first.ids + second.ids) == list(range(10))]


def check_resume_from_written_checkpoint():
    from bulkimport.runner import run_import

    path = Path("handmade.ckpt")
    path.write_text(json.dumps({"version": 1, "committed": 4}))
    sink = _Sink()
    report = run_import(iter(_records(9)), sink, batch_size=2, checkpoint=path)
    return [sink.ids, _report(report), path.exists()]


def check_plain_import():
    from bulkimport.runner import run_import

    sink = _Sink()
    report = run_import(_records(7), sink, batch_size=3)
    out = [sink.ids, _report(report)]
    try:
        run_import(_records(1), _Sink(), batch_size=0)
    except ValueError:
        out.append("ValueError")
    return out


def check_checkpoint_errors():
    from bulkimport.checkpoint import CheckpointError
    from bulkimport.runner import run_import

    out = []
    for name, text in (("long.ckpt", json.dumps({"version": 1, "committed": 12})),
                       ("junk.ckpt", "{not json"),
                       ("old.ckpt", json.dumps({"version": 0, "committed": 1})),
                       ("neg.ckpt", json.dumps({"version": 1, "committed": -1}))):
        path = Path(name)
        path.write_text(text)
        sink = _Sink()
        try:
            run_import(_records(10), sink, batch_size=4, checkpoint=path)
            out.append(["no error", sink.ids])
        except CheckpointError:
            out.append(["CheckpointError", sink.ids])
    return out


def check_checkpoint_roundtrip():
    from bulkimport.checkpoint import Checkpoint, clear_checkpoint, load_checkpoint, save_checkpoint

    path = Path("state.ckpt")
    before = load_checkpoint(path)
    save_checkpoint(path, Checkpoint(committed=1500))
    loaded = load_checkpoint(path)
    leftovers = sorted(p.name for p in Path().iterdir() if p.name.startswith("state"))
    clear_checkpoint(path)
    clear_checkpoint(path)
    return [before.committed, loaded.committed, leftovers, path.exists()]
