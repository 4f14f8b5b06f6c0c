"""The finding vocabulary (categories, severities), apart from models.py so that the task
loader, and with it `python-env tasks ...`, can use it without importing OpenEnv."""

from __future__ import annotations

from enum import StrEnum

__all__ = ["Category", "Severity"]


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
