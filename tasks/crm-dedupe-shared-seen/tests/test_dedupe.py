from crmsync.dedupe import DedupeStats, dedupe, dedupe_batches
from crmsync.records import read_export

EXPORT = """external_id,email,name,country
1,ann@example.com,Ann,gb
2,bob@example.com,Bob,fr
3,ANN@example.com,Ann Again,gb
"""


def test_dedupe_keeps_first_record():
    records = list(read_export(EXPORT.splitlines(keepends=True)))
    kept = dedupe(records)
    assert [r.external_id for r in kept] == ["1", "2"]
    assert kept[0].country == "GB"


def test_dedupe_batches_drops_customers_from_earlier_batches():
    first = list(read_export(EXPORT.splitlines(keepends=True)))
    second = list(read_export(["external_id,email,name,country\n",
                               "4,bob@example.com,Bob,fr\n", "5,cy@example.com,Cy,de\n"]))
    stats = DedupeStats()
    kept = list(dedupe_batches([first, second], stats))
    assert [[r.external_id for r in batch] for batch in kept] == [["1", "2"], ["5"]]
    assert (stats.batches, stats.kept, stats.dropped) == (2, 3, 2)
