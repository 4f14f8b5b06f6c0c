from decimal import Decimal

from pricing.fx import FxTable
from pricing.models import PriceRequest
from pricing.service import PricingService


class Catalogue:
    def list_price(self, sku):
        return Decimal("100.00")


def test_eur_quote_applies_region():
    svc = PricingService(Catalogue())
    assert svc.quote(PriceRequest("A", "uk")) == Decimal("105.00")


def test_usd_quote_is_converted():
    svc = PricingService(Catalogue(), fx=FxTable({"USD": Decimal("1.08")}))
    assert svc.quote(PriceRequest("A", "us", "USD")) == Decimal("102.60")


def test_fx_rounds_half_even():
    fx = FxTable({"USD": Decimal("1.5")})
    assert fx.convert(Decimal("0.01"), "USD") == Decimal("0.02")
