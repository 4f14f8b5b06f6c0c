from decimal import Decimal

from invoicing.tax import TaxTable, tax_for
from invoicing.totals import Line, invoice_totals


def test_german_vat():
    assert tax_for(Decimal("100.00"), "DE") == Decimal("19.00")


def test_region_rate_and_fallback():
    assert tax_for(Decimal("100.00"), "US", "NY") == Decimal("8.88")
    assert tax_for(Decimal("100.00"), "US", "TX") == Decimal("0.00")


def test_half_cent_rounds_up():
    table = TaxTable({"XX": Decimal("0.05")})
    assert table.tax_for(Decimal("0.10"), "XX") == Decimal("0.01")


def test_invoice_totals_gross():
    totals = invoice_totals([Line("Seat", 2, Decimal("10.00"))], "FR")
    assert (totals.net, totals.tax, totals.gross) == (
        Decimal("20.00"), Decimal("4.00"), Decimal("24.00"))
