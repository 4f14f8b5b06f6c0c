"""Reading a real task's probe outputs: `{"ok": [[node id, outcome], ...]}` per check."""

from __future__ import annotations

import json

from . import sentinels as sentinel_tests
from .probes import MAX_CHECKS, unit_of, units_of


def tests_of(output: str) -> list[list[str]] | None:
    """The `[node id, outcome]` pairs of a check's output; None if the check did not finish."""
    value = json.loads(output).get("ok")
    return value if isinstance(value, list) else None


def finished(output: str) -> bool:
    return "error" not in json.loads(output)


def passes(output: str, sentinels: set[str]) -> bool:
    """Every real test passed or skipped (one at least passed) and every sentinel failed."""
    tests = tests_of(output)
    if not tests:
        return False
    return all((outcome == "failed") if sentinel_tests.key(nodeid) in sentinels
               else outcome in ("passed", "skipped") for nodeid, outcome in tests)


def sentinels_fail(outputs: dict[str, str], sentinels: set[str]) -> bool:
    """Every sentinel that a check runs failed there (a check that did not finish: no)."""
    for output in outputs.values():
        tests = tests_of(output)
        if tests is None:
            return False
        if any(sentinel_tests.key(n) in sentinels and o != "failed" for n, o in tests):
            return False
    return True


def not_failing(outputs: dict[str, str], sentinels: set[str]) -> set[str]:
    """The sentinels (keys) that some check ran and that did not fail."""
    return {sentinel_tests.key(n) for o in outputs.values() for n, v in (tests_of(o) or [])
            if sentinel_tests.key(n) in sentinels and v != "failed"}


def passed_tests(outputs: dict[str, str]) -> list[str]:
    return [n for o in outputs.values() for n, v in (tests_of(o) or []) if v == "passed"]


def source_of(sentinel: str) -> str:
    """The real test a sentinel was copied from (its name minus the suffix)."""
    for suffix in sentinel_tests.SUFFIXES:
        if sentinel.endswith(suffix):
            return sentinel.removesuffix(suffix)
    return sentinel


def passing_units(probes: str, outputs: dict[str, str],
                  modules: list[str]) -> tuple[list[str], set[str]]:
    """The test units (see probes.py) whose every test passed or skipped, with at least one
    passing, on the release; a module that gives fewer units than checks is split into its
    tests' units, else it stays one unit. A check that did not finish counts for none.
    Also: the modules that hold a test failing on the release (never shown to the reviewer)."""
    by_module: dict[str, dict[str, set[str]]] = {}
    for check in units_of(probes):
        for nodeid, outcome in tests_of(outputs[check]) or []:
            unit = unit_of(nodeid)
            module = unit.split("::")[0]
            by_module.setdefault(module, {}).setdefault(unit, set()).add(outcome)
    whole = [m for m, units in by_module.items()
             if all(o <= {"passed", "skipped"} for o in units.values())
             and any("passed" in o for o in units.values())]
    bad = set(modules) - set(whole)
    if len(whole) >= MAX_CHECKS:
        return sorted(whole), bad
    kept = []
    for units in by_module.values():
        kept += [u for u, o in units.items() if o <= {"passed", "skipped"} and "passed" in o]
    return sorted(kept), bad
