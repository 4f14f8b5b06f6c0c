from decimal import Decimal

from checkout.promotions import Promotion, apply_promotions

CATALOGUE = {
    "TEN": Promotion("TEN", percent_off=Decimal("10")),
    "SHIP": Promotion("SHIP", amount_off=Decimal("4.95"), stackable=True),
    "FIVE": Promotion("FIVE", percent_off=Decimal("5"), stackable=True),
}


def test_stackable_codes_apply_in_order():
    subtotal, applied = apply_promotions(Decimal("100.00"), ["SHIP", "FIVE"], CATALOGUE, [])
    assert subtotal == Decimal("90.30")
    assert [a.code for a in applied] == ["SHIP", "FIVE"]


def test_non_stackable_code_is_refused_after_another():
    subtotal, applied = apply_promotions(Decimal("100.00"), ["FIVE", "TEN"], CATALOGUE, [])
    assert subtotal == Decimal("95.00")
    assert [a.code for a in applied] == ["FIVE"]


def test_unknown_code_is_ignored():
    subtotal, applied = apply_promotions(Decimal("30.00"), ["BOGUS"], CATALOGUE, [])
    assert subtotal == Decimal("30.00")
    assert applied == []
