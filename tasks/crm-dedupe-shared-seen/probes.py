def _records(rows):
    from crmsync.records import CustomerRecord

    return [CustomerRecord(external_id=i, email=e, name=n, country="GB") for i, e, n in rows]


def check_independent_calls():
    from crmsync.dedupe import dedupe

    batch = _records([("1", "ann@example.com", "Ann"), ("2", "bob@example.com", "Bob")])
    first = [r.external_id for r in dedupe(batch)]
    second = [r.external_id for r in dedupe(batch)]
    other = [r.external_id for r in dedupe(_records([("9", "ANN@example.com ", "Ann B")]))]
    return [first, second, other]


def check_keeps_first_within_batch():
    from crmsync.dedupe import dedupe

    batch = _records([
        ("1", "ann@example.com", "Ann"),
        ("2", " Ann@Example.com", "Ann (till)"),
        ("3", "", "No Mail"),
        ("3", "", "No Mail again"),
        ("4", "", "Other"),
    ])
    return [(r.external_id, r.name) for r in dedupe(batch)]


def check_explicit_seen_is_updated():
    from crmsync.dedupe import dedupe

    seen = {"email:bob@example.com"}
    kept = dedupe(_records([("1", "ann@example.com", "Ann"), ("2", "bob@example.com", "Bob")]),
                  seen)
    return [[r.external_id for r in kept], sorted(seen)]


def check_batches_and_stats():
    from crmsync.dedupe import DedupeStats, dedupe_batches

    batches = [
        _records([("1", "ann@example.com", "Ann"), ("2", "bob@example.com", "Bob")]),
        _records([("7", "ann@example.com", "Ann"), ("8", "cy@example.com", "Cy")]),
        iter(_records([("9", "CY@example.com", "Cy"), ("10", "", "Dee")])),
    ]
    stats = DedupeStats()
    kept = [[r.external_id for r in batch] for batch in dedupe_batches(batches, stats)]
    return [kept, [stats.batches, stats.kept, stats.dropped]]


def check_batches_twice():
    from crmsync.dedupe import dedupe_batches

    def run():
        batches = [_records([("1", "ann@example.com", "Ann")]),
                   _records([("2", "ann@example.com", "Ann")])]
        return [[r.external_id for r in b] for b in dedupe_batches(batches)]

    return [run(), run()]
