"""Semantic version numbers (MAJOR.MINOR.PATCH)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace

_PATTERN = re.compile(r"(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)")


@dataclass(frozen=True, order=True)
class Version:
    major: int
    minor: int
    patch: int

    @classmethod
    def parse(cls, text: str) -> Version:
        match = _PATTERN.fullmatch(text.strip().removeprefix("v"))
        if match is None:
            raise ValueError(f"not a semantic version: {text!r}")
        return cls(*(int(group) for group in match.groups()))

    def __str__(self) -> str:
        return f"{self.major}.{self.minor}.{self.patch}"

    def bump(self, part: str) -> Version:
        if part == "major":
            return Version(self.major + 1, 0, 0)
        if part == "minor":
            return Version(self.major, self.minor + 1, 0)
        if part == "patch":
            return replace(self, patch=self.patch + 1)
        raise ValueError(f"unknown part {part!r}")


def latest(versions: Iterable[str]) -> Version:
    """The highest of the given version strings."""
    parsed = [Version.parse(v) for v in versions]
    if not parsed:
        raise ValueError("no versions given")
    return max(parsed)
