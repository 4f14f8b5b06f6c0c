"""The finding vocabulary (categories, severities), apart from models.py so that the task
loader, and with it `python-env tasks ...`, can use it without importing OpenEnv."""

from __future__ import annotations

from enum import StrEnum

__all__ = ["SEVERITY_RANK", "SEVERITY_WEIGHT", "Category", "Severity"]


class Category(StrEnum):
    """What kind of problem a finding reports."""

    BUG = "bug"
    SECURITY = "security"
    PERFORMANCE = "performance"
    CONCURRENCY = "concurrency"
    RESOURCE = "resource"
    ERROR_HANDLING = "error_handling"
    API_CONTRACT = "api_contract"
    MAINTAINABILITY = "maintainability"


class Severity(StrEnum):
    """How much a problem matters: critical blocks a release, minor is a nit."""

    CRITICAL = "critical"
    MAJOR = "major"
    MINOR = "minor"


# Beside the severities, keyed by their values: a finding's claimed weight, an issue's weight,
# and the order used to measure how far two severities disagree.
SEVERITY_WEIGHT: dict[str, float] = {"critical": 3.0, "major": 2.0, "minor": 1.0}
SEVERITY_RANK: dict[str, int] = {"minor": 0, "major": 1, "critical": 2}
if set(SEVERITY_WEIGHT) != set(Severity) or set(SEVERITY_RANK) != set(Severity):
    raise ValueError("every severity needs a weight and a rank")
