EXPORT = """Booking date,Value date,Amount,Currency,Reference,Counterparty
02.04.2024,02.04.2024,19.99,EUR,INV-2024-0017,Ann Baker
02.04.2024,03.04.2024,"1,234.56",EUR,inv 2024 0018,Globex GmbH
03.04.2024,03.04.2024,4.35,EUR,INV-2024-0019,Cy Dorn
03.04.2024,03.04.2024,-0.57,EUR,FEE-APR,Bank
04.04.2024,04.04.2024,250,EUR,INV-2024-0020,Initech
"""


def _ledger():
    from reconcile.matching import LedgerEntry

    return [LedgerEntry("L1", 1999, "INV-2024-0017"), LedgerEntry("L2", 123456, "INV20240018"),
            LedgerEntry("L3", 435, "INV-2024-0019"), LedgerEntry("L4", -57, "FEE-APR"),
            LedgerEntry("L5", 25000, "INV-2024-0020")]


def check_parse_amount_cents():
    from reconcile.statement import parse_amount

    return [parse_amount(text) for text in
            ("19.99", "0.29", "4.35", "-0.57", "1,005.10", "-19.9", "0.07", "8.20")]


def check_reconcile_portal_export():
    from reconcile.matching import reconcile
    from reconcile.statement import parse_csv

    result = reconcile(parse_csv(EXPORT.splitlines(keepends=True)), _ledger())
    return [[(line.reference, entry.entry_id) for line, entry in result.matched],
            [line.amount_cents for line in result.unmatched_lines],
            [entry.entry_id for entry in result.open_entries], result.balanced]


def check_round_amounts():
    from reconcile.statement import parse_amount

    out = [parse_amount(text) for text in ("100", "1,234", "12.50", "-3", " 7.25 ", "0.5")]
    for bad in ("12.345", "1.234,56", "abc", "", "--1"):
        try:
            parse_amount(bad)
            out.append("accepted")
        except ValueError:
            out.append("ValueError")
    return out


def check_csv_lines_and_errors():
    from reconcile.statement import StatementError, parse_csv

    header = "Booking date,Amount,Currency,Reference,Counterparty\n"
    lines = parse_csv([header, "29.02.2024,250,EUR, INV-1 , Ann \n"])
    out = [[str(l.booked_on), l.amount_cents, l.reference, l.counterparty] for l in lines]
    for body in ("01.03.2024,5,USD,INV-2,Bob\n", "31.02.2024,5,EUR,INV-3,Cy\n",
                 "01.03.2024,5.001,EUR,INV-4,Dee\n"):
        try:
            parse_csv([header, body])
            out.append("accepted")
        except StatementError as exc:
            out.append(str(exc).split(":")[0])
    try:
        parse_csv(["Booking date,Amount\n", "01.03.2024,5\n"])
    except StatementError as exc:
        out.append(str(exc))
    return out


def check_legacy_unchanged():
    from reconcile.matching import reconcile
    from reconcile.statement import parse_legacy

    lines = parse_legacy(["20240402;1999;INV-2024-0017;Ann Baker\n", "\n",
                          "20240403;435;INV-2024-0019;Cy Dorn\n"])
    result = reconcile(lines, _ledger())
    return [[l.amount_cents for l in lines], len(result.matched),
            [e.entry_id for e in result.open_entries]]
