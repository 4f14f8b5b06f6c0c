from reconcile.matching import LedgerEntry, reconcile
from reconcile.statement import parse_amount, parse_csv

HEADER = "Booking date,Amount,Currency,Reference,Counterparty\n"


def test_parse_amount_whole_units_and_thousands():
    assert parse_amount("250") == 25000
    assert parse_amount("1,250.50") == 125050
    assert parse_amount("-12.5") == -1250


def test_parse_csv_reads_dates_and_references():
    (line,) = parse_csv([HEADER, "05.04.2024,12.50,EUR,INV-7,Ann\n"])
    assert line.booked_on.isoformat() == "2024-04-05"
    assert (line.amount_cents, line.reference, line.counterparty) == (1250, "INV-7", "Ann")


def test_reconcile_matches_csv_line():
    lines = parse_csv([HEADER, "05.04.2024,12.50,EUR,inv 7,Ann\n"])
    result = reconcile(lines, [LedgerEntry("L1", 1250, "INV7")])
    assert result.balanced
