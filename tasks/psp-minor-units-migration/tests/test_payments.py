from decimal import Decimal

from payments.models import Payment, Refund
from payments.money import from_minor, parse_amount, to_minor
from payments.psp import build_refund, charge_payload
from payments.webhooks import parse_refund_event


def test_minor_units_round_trip():
    assert to_minor(Decimal("12.50"), "EUR") == 1250
    assert from_minor(1250, "EUR") == Decimal("12.50")
    assert to_minor(Decimal("1500"), "JPY") == 1500


def test_charge_payload_sends_minor_units():
    assert charge_payload(Payment("p1", "EUR", 1999))["amount"] == 1999


def test_refund_cannot_exceed_payment():
    payment = Payment("p1", "EUR", 1000)
    try:
        build_refund(payment, [Refund("p1", 600)], "4.01")
    except ValueError:
        assert build_refund(payment, [Refund("p1", 600)], "4.00").amount == 400
        return
    raise AssertionError("over-refund accepted")


def test_refund_event_is_parsed():
    refund = parse_refund_event({"id": "ev1", "type": "refund.succeeded",
                                 "payment_reference": "p1", "currency": "EUR", "amount": 250})
    assert refund == Refund("p1", 250)
    assert parse_amount("2.50", "EUR") == refund.amount
