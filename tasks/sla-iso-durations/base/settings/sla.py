"""SLA policies per support tier, loaded from `sla.ini`::

    [gold]
    first_response = 1h
    resolution = 1d
"""

from __future__ import annotations

import configparser
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from .durations import parse_duration


@dataclass(frozen=True)
class SlaPolicy:
    tier: str
    first_response: timedelta
    resolution: timedelta


def load_policies(path: str | Path) -> dict[str, SlaPolicy]:
    parser = configparser.ConfigParser()
    with open(path, encoding="utf-8") as handle:
        parser.read_file(handle)
    policies = {}
    for tier in parser.sections():
        section = parser[tier]
        policy = SlaPolicy(
            tier,
            parse_duration(section["first_response"]),
            parse_duration(section["resolution"]),
        )
        if policy.resolution < policy.first_response:
            raise ValueError(f"{tier}: resolution target is shorter than first response")
        policies[tier] = policy
    return policies
