import json


def _lines(count, start_ts=1_700_000_000_000, blank_every=0):
    out = []
    for i in range(count):
        out.append(json.dumps({"ts": start_ts + i * 1000, "user": f"u{i % 3}",
                               "kind": "view" if i % 2 else "click", "props": {"n": i}}) + "\n")
        if blank_every and i % blank_every == 0:
            out.append("\n")
    return out


class _Sink:
    def __init__(self, fail_on=None):
        self.batches = []
        self.fail_on = fail_on

    def write(self, events):
        if len(self.batches) + 1 == self.fail_on:
            raise OSError("warehouse unavailable")
        self.batches.append([e.props["n"] for e in events])


def _stats(stats):
    return [stats.events, stats.batches, stats.first_ts, stats.last_ts]


def check_batches_and_stats():
    from clickstream.loader import load_events

    sink = _Sink()
    stats = load_events(iter(_lines(7, blank_every=3)), sink, batch_size=3)
    single = _Sink()
    one = load_events(_lines(1), single, batch_size=5)
    return [sink.batches, _stats(stats), single.batches, _stats(one)]


def check_progress_reports():
    from clickstream.loader import load_events

    calls = []
    sink = _Sink()

    def progress(count):
        calls.append([count, len(sink.batches)])

    load_events(_lines(11), sink, batch_size=2, progress=progress, progress_every=2)
    exact = []
    load_events(_lines(8), _Sink(), batch_size=2, progress=exact.append, progress_every=2)
    return [calls, exact]


def check_streaming_reads_lazily():
    from clickstream.loader import load_events

    read = []

    def source():
        for number, line in enumerate(_lines(20), start=1):
            read.append(number)
            yield line

    sink = _Sink(fail_on=3)
    try:
        load_events(source(), sink, batch_size=4)
        outcome = "loaded"
    except OSError as exc:
        outcome = str(exc)
    return [outcome, sink.batches, len(read)]


def check_empty_and_invalid_inputs():
    from clickstream.loader import EmptyInput, load_events
    from clickstream.reader import ReaderError

    out = []
    for lines in ([], ["\n", "  \n"]):
        sink = _Sink()
        try:
            load_events(lines, sink)
            out.append("loaded")
        except EmptyInput as exc:
            out.append([str(exc), sink.batches])
    sink = _Sink()
    try:
        load_events(_lines(3) + ['{"ts": 5, "user": "", "kind": "view"}\n'], sink, batch_size=2)
    except ReaderError as exc:
        out.append([str(exc), sink.batches])
    try:
        load_events(_lines(3), _Sink(), batch_size=0)
    except ValueError as exc:
        out.append(str(exc))
    return out


def check_helpers():
    from clickstream.batching import batched, with_progress

    reports = []
    passed = list(with_progress(iter("abcdefg"), 3, reports.append))
    out = [list(batched(range(7), 3)), list(batched([], 2)), passed, reports]
    for call in (lambda: list(batched([1], 0)), lambda: list(with_progress([1], 0, print))):
        try:
            call()
            out.append("accepted")
        except ValueError:
            out.append("ValueError")
    return out
