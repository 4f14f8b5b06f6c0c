"""The plan catalogue."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Plan:
    code: str
    name: str
    price_cents: int  # per billing period

    def __post_init__(self) -> None:
        if self.price_cents < 0:
            raise ValueError("price must not be negative")


PLANS = {
    plan.code: plan
    for plan in (
        Plan("free", "Free", 0),
        Plan("starter", "Starter", 999),
        Plan("team", "Team", 4900),
        Plan("business", "Business", 19900),
    )
}


def get_plan(code: str) -> Plan:
    try:
        return PLANS[code]
    except KeyError:
        raise KeyError(f"unknown plan {code!r}") from None
