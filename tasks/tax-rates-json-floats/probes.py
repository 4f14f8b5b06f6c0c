def check_fractional_percentages():
    from decimal import Decimal
    from pathlib import Path

    from invoicing.tax import load_tax_table, tax_for

    Path("rates.json").write_text('{"CH": 8.1, "XK": 4.1, "NL": 21}', encoding="utf-8")
    table = load_tax_table("rates.json")
    nets = [Decimal(n) for n in ("5.00", "15.00", "25.00", "1000.00")]
    return [
        table.rate_for("CH") == Decimal("0.081"),
        table.rate_for("XK") == Decimal("0.041"),
        [table.tax_for(n, "CH") for n in nets],
        [table.tax_for(n, "XK") for n in (Decimal("50.00"), Decimal("150.00"))],
        [tax_for(n, "CH") for n in nets],
    ]


def check_whole_and_exact_rates():
    from decimal import Decimal

    from invoicing.tax import tax_for

    return [
        tax_for(Decimal("100.00"), "DE"),
        tax_for(Decimal("19.99"), "FR"),
        tax_for(Decimal("40.00"), "US", "NY"),
        tax_for(Decimal("40.00"), "US", "TX"),
        tax_for(Decimal("12.34"), "US", "CA"),
        tax_for(Decimal("0.50"), "NL"),
    ]


def check_invoice_totals():
    from decimal import Decimal

    from invoicing.totals import Line, invoice_totals

    lines = [Line("Licence", 3, Decimal("33.333")), Line("Training", 1, Decimal("250"))]
    out = []
    for country, region in (("DE", None), ("US", "NY"), ("GB", None)):
        t = invoice_totals(lines, country, region)
        out.append([t.net, t.tax, t.gross])
    return out


def check_rate_validation():
    from pathlib import Path

    from invoicing.tax import load_tax_table

    out = []
    for text in ('{"ZZ": 100}', '{"ZZ": -1}', '{"zz": 99.5}'):
        Path("r.json").write_text(text, encoding="utf-8")
        try:
            table = load_tax_table("r.json")
            out.append(table.rate_for("ZZ"))
        except ValueError:
            out.append("ValueError")
    try:
        load_tax_table("r.json").rate_for("DE")
        out.append("found")
    except KeyError:
        out.append("KeyError")
    return out
