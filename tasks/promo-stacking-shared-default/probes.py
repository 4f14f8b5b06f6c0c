def _catalogue():
    from decimal import Decimal

    from checkout.promotions import Promotion

    promos = [
        Promotion("WELCOME10", percent_off=Decimal("10")),
        Promotion("FREESHIP", amount_off=Decimal("4.95"), stackable=True),
        Promotion("SPRING5", percent_off=Decimal("5"), stackable=True),
        Promotion("BIG20", amount_off=Decimal("20"), minimum_spend=Decimal("100"),
                  stackable=True),
    ]
    return {p.code: p for p in promos}


def _view(result):
    subtotal, applied = result
    return [subtotal, [(a.code, a.discount) for a in applied]]


def check_consecutive_checkouts():
    from decimal import Decimal

    from checkout.promotions import apply_promotions

    cat = _catalogue()
    return [
        _view(apply_promotions(Decimal("80.00"), ["welcome10"], cat)),
        _view(apply_promotions(Decimal("80.00"), ["WELCOME10"], cat)),
        _view(apply_promotions(Decimal("50.00"), ["FREESHIP", "SPRING5"], cat)),
        _view(apply_promotions(Decimal("120.00"), ["BIG20", "FREESHIP"], cat)),
    ]


def check_stacking_rules():
    from decimal import Decimal

    from checkout.promotions import apply_promotions

    cat = _catalogue()
    cases = [
        ["FREESHIP", "SPRING5", "FREESHIP"],
        ["FREESHIP", "WELCOME10"],
        ["WELCOME10", "SPRING5"],
        ["BIG20", "SPRING5"],
        ["NOPE", " spring5 "],
    ]
    return [_view(apply_promotions(Decimal("110.00"), codes, cat, [])) for codes in cases]


def check_existing_promotions_are_extended():
    from decimal import Decimal

    from checkout.promotions import AppliedPromotion, apply_promotions

    cat = _catalogue()
    out = []
    for auto in (AppliedPromotion("AUTO3", Decimal("3.00"), True),
                 AppliedPromotion("VIP", Decimal("8.00"), False)):
        existing = [auto]
        subtotal, applied = apply_promotions(Decimal("60.00"), ["SPRING5", "FREESHIP"], cat,
                                             existing)
        out.append([subtotal, applied is existing, [a.code for a in existing]])
    return out


def check_single_code_wrapper():
    from decimal import Decimal

    from checkout.promotions import apply_promotion

    cat = _catalogue()
    out = []
    for code, subtotal in [("welcome10", "19.99"), ("BIG20", "99.99"), ("BIG20", "100.00"),
                           ("unknown", "10.00"), ("FREESHIP", "3.00")]:
        new, applied = apply_promotion(Decimal(subtotal), code, cat)
        out.append([new, None if applied is None else applied.discount])
    return out
