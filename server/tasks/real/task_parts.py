"""The parts of a real task that are not run: its trees, visible tests, issue and tags."""

from __future__ import annotations

from ...mutators import KINDS, Mutation
from ..model import REAL_SPLIT, ReferenceIssue, Task
from .probes import groups, probes_source
from .pulls import PullRequest, slug

CHECK_TIMEOUT_S = 20.0  # one test module under pytest, on a loaded 2-core machine
MAX_STEPS = 40
# Appended to the reviewer's tests/conftest.py: `run_tests` leaves out the units the hidden
# checks leave out (packages.toml `slow`), which would make every run take seconds.
DESELECT_SLOW = """

SLOW = {slow!r}


def pytest_collection_modifyitems(config, items):
    \"\"\"Leave out the tests that take seconds (as the hidden checks do).\"\"\"
    slow = [i for i in items if i.nodeid.split("[")[0] in SLOW
            or i.nodeid.startswith(tuple(unit + "::" for unit in SLOW))]
    if slow:
        config.hook.pytest_deselected(items=slow)
        items[:] = [i for i in items if i not in slow]
"""
CLEAN_HINT = ("The package's own tests pass on this release: look for a change whose behaviour "
              "differs from what its changelog entry and docstrings promise.")


def skeleton(pr: PullRequest, units: list[str], files: dict[str, str] | None = None,
             checks: list[list[str]] | None = None, extra: str = "") -> Task:
    """The clean task of the PR with checks for `units` (not derived yet); `files` and
    `checks`: the hidden suite and groups when they carry sentinels; `extra`: more probes
    (differential.py)."""
    visible = visible_tests(pr, sorted({u.split("::")[0] for u in units}))
    checks = checks or groups(units)
    return Task(
        id=f"real-{pr.id}-clean", title=pr.title, description=pr.description,
        difficulty="hard", split=REAL_SPLIT, base=pr.base, head_changes=dict(pr.changes),
        fix_changes={}, visible_tests=visible,
        probes_source=probes_source(files or pr.tests, checks) + extra,
        static_checks=(), issues=(), hints=(CLEAN_HINT,), max_steps=MAX_STEPS,
        tags=("real", f"package:{pr.package}", f"release:{pr.old}..{pr.new}",
              f"license:{pr.license}"),
        check_timeout_s=CHECK_TIMEOUT_S,
    )


def visible_tests(pr: PullRequest, modules: list[str]) -> dict[str, str]:
    """The suite's support files plus `modules`; a conftest.py so run_tests uses pytest."""
    def is_module(path: str) -> bool:
        name = path.rsplit("/", 1)[-1]
        return path.endswith(".py") and name.startswith("test")

    tests = {p: t for p, t in pr.tests.items()
             if not is_module(p) or (p in modules and p not in pr.hidden)}
    tests.setdefault("tests/conftest.py", "# the package's tests run under pytest\n")
    slow = sorted(s for s in pr.slow if s.split("::")[0] in tests)
    if slow and "pytest_collection_modifyitems" not in tests["tests/conftest.py"]:
        tests["tests/conftest.py"] += DESELECT_SLOW.format(slow=tuple(slow))
    return tests


def visible_modules(pr: PullRequest, units: list[str]) -> list[str]:
    """Test modules of the suite that hold some of `units`."""
    return sorted({u.split("::")[0] for u in units} & set(pr.tests))


def smoke_test(pr: PullRequest) -> str:
    """A visible test for a PR whose every test module holds a failing test: the changed
    modules import (the package's own tests that pass stay hidden with the ones that fail)."""
    names = sorted({p.removesuffix(".py").removesuffix("/__init__").replace("/", ".")
                    for p in pr.changes})
    body = "".join(f"    importlib.import_module({n!r})\n" for n in names)
    return f"import importlib\n\n\ndef test_changed_modules_import():\n{body}"


def issue(mutation: Mutation, mutant: str, witnesses: list[str]) -> ReferenceIssue:
    kind = KINDS[mutation.kind]
    start, end = mutation.head_span(mutant)
    snippet = " ".join(line.strip() for line in mutant.split("\n")[start - 1:end])[:160]
    modules = ", ".join(witnesses)
    rationale = (f"In `{mutation.func}` the pull request writes `{snippet}`. {kind.explanation} "
                 f"The package's own tests catch it ({modules}).")
    return ReferenceIssue(
        id=f"{mutation.kind}-{slug(mutation.func)}"[:80], file=mutation.path,
        start_line=start, end_line=end, category=mutation.category or kind.category,
        severity=kind.severity, bug_class=kind.bug_class,
        title=kind.title.format(func=mutation.func), rationale=rationale, hint=kind.hint,
        witnesses=tuple(witnesses),
    )
