"""Semantic version numbers, following SemVer 2.0.0.

`1.4.0-rc.2+build.77` has the core version 1.4.0, the pre-release identifiers ("rc", "2")
and the build metadata ("build", "77"). Precedence (section 11 of the spec):

- core versions compare numerically, field by field;
- a pre-release version has lower precedence than the release with the same core version;
- pre-release identifiers compare left to right: numeric ones numerically, alphanumeric ones
  in ASCII order, numeric below alphanumeric, and a shorter list below a longer one when all
  preceding identifiers are equal;
- build metadata is ignored.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import total_ordering

_IDENT = r"[0-9A-Za-z-]+"
_PATTERN = re.compile(
    r"(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)"
    rf"(?:-({_IDENT}(?:\.{_IDENT})*))?"
    rf"(?:\+({_IDENT}(?:\.{_IDENT})*))?"
)


def _identifier_key(identifier: str) -> tuple[int, int, str]:
    if identifier.isdigit():
        return (0, int(identifier), "")
    return (1, 0, identifier)


@total_ordering
@dataclass(frozen=True, eq=False)
class Version:
    major: int
    minor: int
    patch: int
    prerelease: tuple[str, ...] = ()
    build: tuple[str, ...] = field(default=())

    @classmethod
    def parse(cls, text: str) -> Version:
        match = _PATTERN.fullmatch(text.strip().removeprefix("v"))
        if match is None:
            raise ValueError(f"not a semantic version: {text!r}")
        major, minor, patch, pre, build = match.groups()
        prerelease = tuple(pre.split(".")) if pre else ()
        for ident in prerelease:
            if ident.isdigit() and len(ident) > 1 and ident.startswith("0"):
                raise ValueError(f"numeric identifier with leading zero in {text!r}")
        return cls(int(major), int(minor), int(patch), prerelease,
                   tuple(build.split(".")) if build else ())

    @property
    def is_prerelease(self) -> bool:
        return bool(self.prerelease)

    def _precedence(self) -> tuple:
        return (
            self.major,
            self.minor,
            self.patch,
            not self.is_prerelease,
            tuple(_identifier_key(i) for i in self.prerelease),
        )

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Version):
            return NotImplemented
        return self._precedence() == other._precedence()

    def __lt__(self, other: Version) -> bool:
        if not isinstance(other, Version):
            return NotImplemented
        return self._precedence() < other._precedence()

    def __hash__(self) -> int:
        return hash(self._precedence())

    def __str__(self) -> str:
        text = f"{self.major}.{self.minor}.{self.patch}"
        if self.prerelease:
            text += "-" + ".".join(self.prerelease)
        if self.build:
            text += "+" + ".".join(self.build)
        return text

    def bump(self, part: str) -> Version:
        """The next release: pre-release and build metadata are dropped."""
        if part == "major":
            return Version(self.major + 1, 0, 0)
        if part == "minor":
            return Version(self.major, self.minor + 1, 0)
        if part == "patch":
            return Version(self.major, self.minor, self.patch + 1)
        raise ValueError(f"unknown part {part!r}")


def latest(versions: Iterable[str], *, include_prereleases: bool = False) -> Version:
    """The highest of the given version strings.

    Pre-releases are only considered with `include_prereleases=True` (the beta channel).
    """
    parsed = [Version.parse(v) for v in versions]
    if not include_prereleases:
        parsed = [v for v in parsed if not v.is_prerelease]
    if not parsed:
        raise ValueError("no matching versions given")
    return max(parsed)
