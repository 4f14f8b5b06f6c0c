from decimal import Decimal


class Catalogue:
    def __init__(self):
        self.prices = {"LAMP-01": Decimal("49.90"), "DESK-07": Decimal("329.00")}
        self.calls = []

    def list_price(self, sku):
        self.calls.append(sku)
        return self.prices[sku]


class FakeClock:
    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now


def _service():
    from pricing.cache import QuoteCache
    from pricing.fx import FxTable
    from pricing.service import PricingService

    catalogue = Catalogue()
    fx = FxTable({"USD": Decimal("1.0842"), "GBP": Decimal("0.8571"), "CHF": Decimal("0.9612")})
    return PricingService(catalogue, QuoteCache(ttl=600, clock=FakeClock()), fx), catalogue


def check_each_currency_gets_its_own_price():
    from pricing.models import PriceRequest

    svc, _ = _service()
    return [svc.quote(PriceRequest("LAMP-01", "eu", c)) for c in ("EUR", "USD", "GBP", "EUR")]


def check_foreign_currency_quoted_first():
    from pricing.models import PriceRequest

    svc, _ = _service()
    return [svc.quote(PriceRequest("DESK-07", "us", "USD")),
            svc.quote(PriceRequest("DESK-07", "us")),
            svc.quote(PriceRequest("DESK-07", "ch", "CHF")),
            svc.quote(PriceRequest("DESK-07", "ch"))]


def check_unsupported_currency_after_cached_quote():
    from pricing.fx import UnsupportedCurrency
    from pricing.models import PriceRequest

    svc, _ = _service()
    first = svc.quote(PriceRequest("LAMP-01", "uk"))
    try:
        return [first, svc.quote(PriceRequest("LAMP-01", "uk", "JPY"))]
    except UnsupportedCurrency as exc:
        return [first, "UnsupportedCurrency", str(exc)]


def check_eur_quotes_are_cached():
    from pricing.models import PriceRequest

    svc, catalogue = _service()
    out = []
    for region in ("eu", "uk", "us", "ch", "eu", "uk"):
        out.append(svc.quote(PriceRequest("LAMP-01", region)))
    out.append(svc.quote(PriceRequest("DESK-07", "eu", "EUR")))
    out.append(svc.quote(PriceRequest("DESK-07", "eu")))
    return [out, catalogue.calls]


def check_conversion_and_validation():
    from pricing.fx import FxTable, UnsupportedCurrency
    from pricing.models import PriceRequest

    fx = FxTable({"USD": Decimal("1.1"), "SEK": Decimal("11.4925")})
    out = [fx.convert(Decimal("10.00"), "USD"), fx.convert(Decimal("0.10"), "SEK"),
           fx.convert(Decimal("3.35"), "EUR"), fx.currencies()]
    for args in (("X", "eu", "usd"), ("X", "eu", "EURO"), ("X", "mars")):
        try:
            PriceRequest(*args)
            out.append("accepted")
        except ValueError:
            out.append("ValueError")
    try:
        fx.convert(Decimal(1), "JPY")
    except UnsupportedCurrency:
        out.append("UnsupportedCurrency")
    return out
