"""Pull requests from releases: the change between two consecutive versions of a package.

The PR is restricted to the files that matter: the package's Python modules that the release
changed or added (docs, packaging, tests and version-only edits are left out), and is described
by the release's changelog entry where the sdist has one. The tests are the new release's suite.
A release that deletes or renames a module, or changes more than `MAX_PLUS_LINES` lines, gives no
PR (a workspace cannot show a deletion, and a huge diff is not one reviewable change).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from ..pullrequest import pr_lines
from .layout import Layout, split_release
from .sources import Package, sdist_text_files

MAX_PLUS_LINES = 800
MIN_PLUS_LINES = 5
MAX_ENTRY = 2500
_VERSION_ONLY = re.compile(r"^\s*(__version__|version|VERSION|__version_info__)\s*=")


@dataclass
class PullRequest:
    id: str  # <package>-<new version>, slugged
    package: str
    license: str
    old: str
    new: str
    base: dict[str, str]  # the old release's modules
    changes: dict[str, str]  # modules the new release changes or adds: their new text
    tests: dict[str, str]  # the new release's suite, under tests/
    modules: list[str]  # its test modules that exercise the changed modules
    title: str
    description: str
    hidden: set[str] = field(default_factory=set)  # test modules failing on the release
    slow: frozenset[str] = frozenset()  # test units left out of the checks (packages.toml)

    def is_slow(self, unit: str) -> bool:
        """A unit listed as slow, or a module holding one."""
        return any(s == unit or s.startswith(unit + "::") for s in self.slow)


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _import_name(path: str) -> str:
    parts = list(PurePosixPath(path.removesuffix(".py")).parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _version_only(before: str | None, after: str) -> bool:
    if before is None:
        return False
    old = [line for line in before.splitlines() if not _VERSION_ONLY.match(line)]
    new = [line for line in after.splitlines() if not _VERSION_ONLY.match(line)]
    return old == new


def changelog_entry(text: str, new: str, old: str) -> str:
    """The changelog's section for `new` (up to the line naming `old`), or ""."""
    def mentions(version: str):
        return re.compile(rf"(?<![\w.]){re.escape(version)}(?![\w]|\.\d)")

    lines = text.splitlines()
    is_new, is_old = mentions(new), mentions(old)
    start = next((i for i, line in enumerate(lines) if is_new.search(line)), None)
    if start is None:
        return ""
    end = next((j for j in range(start + 1, len(lines)) if is_old.search(lines[j])), None)
    body = lines[start + 1:end if end is not None else start + 40]
    if end is not None and body and re.fullmatch(r"\s*[-=~^*#]*\s*", body[-1] or "-"):
        body = body[:-1]  # the old version's heading line above its underline
    while body and re.fullmatch(r"[-=~^*#\s]*", body[0]):
        body = body[1:]  # the heading's underline
    entry = "\n".join(body).strip()
    return entry[:MAX_ENTRY]


def _headline(entry: str) -> str:
    """The entry's first item, or its first sentence-like line (not a date or a heading)."""
    lines = [line.strip() for line in entry.splitlines()]
    for line in lines:
        if line[:2] in ("- ", "* ", "+ ") and len(line.split()) >= 3:
            return line[2:].strip()
    return next((line for line in lines if len(line.split()) >= 4 and ":" not in line[:12]), "")


def _exercises(test_text: str, names: set[str]) -> bool:
    return any(re.search(rf"(?<![\w.]){re.escape(n)}(?!\w)", test_text) for n in names)


def _modules(pkg: Package) -> tuple[str, ...]:
    return (pkg.name.replace("-", "_"), *(("tlz",) if pkg.name == "toolz" else ()))


def pull_requests(pkg: Package, cache, layouts: dict | None = None) -> list[PullRequest]:
    """The package's PRs, one per consecutive pair of pinned releases that makes a usable PR."""
    layouts = {} if layouts is None else layouts
    for release in pkg.releases:
        if release.version not in layouts:
            layouts[release.version] = split_release(
                sdist_text_files(pkg.name, release, cache), _modules(pkg))
    prs = []
    for older, newer in zip(pkg.releases, pkg.releases[1:], strict=False):
        pr = _pull_request(pkg, older.version, newer.version, layouts[older.version],
                           layouts[newer.version])
        if pr is not None:
            prs.append(pr)
    return prs


def _pull_request(pkg: Package, old: str, new: str, before: Layout,
                  after: Layout) -> PullRequest | None:
    if set(before.code) - set(after.code):
        return None  # a module deleted or moved
    changes = {p: t for p, t in after.code.items()
               if before.code.get(p) != t and not _version_only(before.code.get(p), t)}
    plus = sum(len(pr_lines(before.code.get(p), t)) for p, t in changes.items())
    if not changes or not MIN_PLUS_LINES <= plus <= MAX_PLUS_LINES:
        return None
    names = {_import_name(p) for p in changes}
    names |= {n.rpartition(".")[2] for n in names}
    modules = sorted(p for p, t in after.tests.items()
                     if PurePosixPath(p).name.startswith("test") and p.endswith(".py")
                     and _exercises(t, names))
    if not modules:
        return None
    entry = changelog_entry(after.changelog, new, old)
    first = _headline(entry)
    title = f"{pkg.name} {new}: {first}" if first else f"{pkg.name}: release {new}"
    description = (f"Changes to {pkg.name} between {old} and {new}.\n\n"
                   + (entry if entry else "(no changelog entry for this release)"))
    return PullRequest(
        id=f"{slug(pkg.name)}-{slug(new)}", package=pkg.name, license=pkg.license, old=old,
        new=new, base=dict(before.code), changes=changes, tests=dict(after.tests),
        modules=modules, title=title[:120], description=description, slow=pkg.slow,
    )
