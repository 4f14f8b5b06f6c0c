"""SLA policies per support tier, loaded from `sla.ini`::

    [gold]
    first_response = 1h
    resolution = P1D
    escalate_after = PT45M

`escalate_after` is optional: when it is missing, an unanswered ticket is escalated when its
first-response target is missed.
"""

from __future__ import annotations

import configparser
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from .durations import format_duration, parse_duration


@dataclass(frozen=True)
class SlaPolicy:
    tier: str
    first_response: timedelta
    resolution: timedelta
    escalate_after: timedelta

    def describe(self) -> str:
        return (f"{self.tier}: respond within {format_duration(self.first_response)}, "
                f"resolve within {format_duration(self.resolution)}, "
                f"escalate after {format_duration(self.escalate_after)}")


def load_policies(path: str | Path) -> dict[str, SlaPolicy]:
    parser = configparser.ConfigParser()
    with open(path, encoding="utf-8") as handle:
        parser.read_file(handle)
    policies = {}
    for tier in parser.sections():
        section = parser[tier]
        first_response = parse_duration(section["first_response"])
        escalate = section.get("escalate_after")
        policy = SlaPolicy(
            tier,
            first_response,
            parse_duration(section["resolution"]),
            parse_duration(escalate) if escalate else first_response,
        )
        if policy.resolution < policy.first_response:
            raise ValueError(f"{tier}: resolution target is shorter than first response")
        if not timedelta(0) < policy.escalate_after <= policy.first_response:
            raise ValueError(f"{tier}: escalate_after must be positive and at most "
                             f"the first-response target")
        policies[tier] = policy
    return policies
