"""Which of a PR's passing test units exercise the code it changes: the hidden checks run those.

A package's whole suite costs every sandbox job of a PR (the release's runs, one per mutant, the
validation's): more-itertools' 2 modules hold about 700 tests and took 8 s a run, most of them
testing functions the PR never touched. A unit (probes.py: a module, or a top-level class or
function of one) is relevant when its text names something the PR changed (a function, class
or module-level name with a `+` line in it) or a function of the package that calls one, or
calls such a caller (draws.py reads the same call graph the other way). The checks run the
relevant units plus `GUARDS` others, drawn in an order seeded by the PR, which keep a patch that
breaks unrelated code from passing as a fix; a PR where no unit is relevant keeps them all.
The filter is textual, so it over-approximates (a name in a test need not call it); a unit it
misses only means fewer hidden tests, never a wrong one.
"""

from __future__ import annotations

import ast
import random
import re

from ... import syntax
from ..pullrequest import pr_lines
from .draws import WORD, functions
from .pulls import PullRequest

GUARDS = 6
DEPTH = 2  # callers of callers; further ones rarely see a defect (and the set explodes)


def _changed_in(text: str, plus: frozenset[int] | set[int]) -> set[str]:
    """Names of the defs, classes and module-level assignments that hold a `+` line."""
    try:
        tree = syntax.parse(text)
    except SyntaxError:
        return set()
    names: set[str] = set()
    for node in ast.walk(tree):
        span = range(getattr(node, "lineno", 0), (getattr(node, "end_lineno", 0) or 0) + 1)
        if not any(line in span for line in plus):
            continue
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
    for stmt in tree.body:
        if isinstance(stmt, (ast.Assign, ast.AnnAssign)) and any(
                stmt.lineno <= line <= (stmt.end_lineno or stmt.lineno) for line in plus):
            targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
            names.update(n.id for t in targets for n in ast.walk(t) if isinstance(n, ast.Name))
    return names


def changed_names(pr: PullRequest) -> set[str]:
    """What the PR changed, and the package's functions that call it, DEPTH levels up (see the
    module doc); dunder names are not followed (every class has an `__init__`)."""
    names: set[str] = set()
    for path, text in pr.changes.items():
        names |= _changed_in(text, pr_lines(pr.base.get(path), text))
    used_by = functions(dict(pr.base) | pr.changes)
    frontier = {n for n in names if not n.startswith("__")}
    for _ in range(DEPTH):
        callers = {q.split(".")[-1] for q, used in used_by.items() if used & frontier}
        frontier = {c for c in callers - names if not c.startswith("__")}
        names |= callers
    return names


def _words_by_unit(text: str) -> dict[str, set[str]]:
    """Top-level name -> the words of its source (a module's defs and classes); "" -> the
    whole module's."""
    found = {"": set(WORD.findall(text))}
    try:
        tree = syntax.parse(text)
    except SyntaxError:
        return found
    lines = text.splitlines()
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            first = min([node.lineno, *(d.lineno for d in node.decorator_list)])
            segment = "\n".join(lines[first - 1:node.end_lineno])
            found[node.name] = set(WORD.findall(segment))
    return found


def relevant_units(pr: PullRequest, units: list[str]) -> list[str]:
    """`units` (sorted) that exercise the changed code, plus up to GUARDS others; all of them
    when none does."""
    names = changed_names(pr)
    words: dict[str, dict[str, set[str]]] = {}

    def uses(unit: str) -> set[str]:
        path, _, name = unit.partition("::")
        if path not in words:
            words[path] = _words_by_unit(pr.tests.get(path, ""))
        return words[path].get(name, words[path][""])

    relevant = [u for u in units if names & uses(u)]
    if not relevant:
        return list(units)
    others = [u for u in units if u not in set(relevant)]
    random.Random(f"python_env-real-guards:{pr.id}").shuffle(others)
    return sorted(relevant + others[:GUARDS])
