from decimal import Decimal

from marketplace.channels import get_channel
from marketplace.normalise import normalise_order


def _payload(**extra):
    payload = {"id": "A-1", "items": [{"sku": "MUG", "qty": 2, "unit_price_cents": 1000}]}
    payload.update(extra)
    return payload


def test_null_discount_uses_channel_default():
    order = normalise_order(_payload(discount_pct=None), get_channel("ebay"))
    assert order.discount_pct == Decimal("5")
    assert order.total_cents == 2000 - 100 + 495


def test_order_is_tagged_with_its_channel():
    order = normalise_order(_payload(tags=["gift"]), get_channel("etsy"))
    assert "channel:etsy" in order.tags
    assert "gift" in order.tags


def test_explicit_shipping_is_kept():
    order = normalise_order(_payload(shipping_cents=0), get_channel("etsy"))
    assert order.shipping_cents == 0
