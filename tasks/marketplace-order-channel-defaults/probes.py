def _payload(order_id, **extra):
    payload = {"id": order_id,
               "items": [{"sku": "MUG-1", "qty": 2, "unit_price_cents": 1250},
                         {"sku": "TEA-9", "qty": 1, "unit_price_cents": 800}]}
    payload.update(extra)
    return payload


def _summary(order):
    return [order.order_id, str(order.discount_pct), order.discount_cents, order.shipping_cents,
            order.total_cents]


def check_explicit_zero_discount():
    from marketplace.channels import get_channel
    from marketplace.normalise import normalise_order

    ebay, zalando = get_channel("ebay"), get_channel("zalando")
    return [_summary(normalise_order(_payload("E-1", discount_pct=0), ebay)),
            _summary(normalise_order(_payload("Z-1", discount_pct="0.0",
                                              shipping_cents=0), zalando))]


def check_defaults_applied():
    from marketplace.channels import get_channel
    from marketplace.normalise import normalise_order

    ebay, etsy = get_channel("ebay"), get_channel("etsy")
    return [_summary(normalise_order(_payload("E-2", discount_pct=None), ebay)),
            _summary(normalise_order(_payload("E-3", discount_pct="12.5",
                                              shipping_cents=0), ebay)),
            _summary(normalise_order(_payload("T-1"), etsy))]


def check_tags_not_shared():
    from marketplace.channels import get_channel
    from marketplace.normalise import normalise_order

    ebay = get_channel("ebay")
    orders = [normalise_order(_payload(f"E-{i}"), ebay) for i in range(3)]
    return [[list(o.tags) for o in orders], list(ebay.default_tags)]


def check_payload_tags_untouched():
    from marketplace.channels import get_channel
    from marketplace.normalise import normalise_order

    payload = _payload("T-7", tags=["gift"])
    first = normalise_order(payload, get_channel("etsy"))
    second = normalise_order(payload, get_channel("etsy"))
    return [list(first.tags), list(second.tags), payload["tags"]]


def check_rejections():
    from marketplace.channels import get_channel
    from marketplace.normalise import OrderError, normalise_order

    out = []
    for payload in ({"id": "", "items": [{"sku": "A", "qty": 1, "unit_price_cents": 1}]},
                    {"id": "X-1", "items": []},
                    {"id": "X-2", "items": [{"sku": "A", "qty": 0, "unit_price_cents": 1}]},
                    {"id": "X-3", "items": [{"sku": "A", "qty": "two", "unit_price_cents": 1}]}):
        try:
            normalise_order(payload, get_channel("zalando"))
            out.append("accepted")
        except OrderError as exc:
            out.append(str(exc).split(" ")[0])
    try:
        get_channel("amazon")
    except LookupError:
        out.append("LookupError")
    return out
