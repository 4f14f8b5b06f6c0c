"""Sentinels: hidden tests that must fail, mixed into a real task's checks.

A real task's checks compare the package's test outcomes with the release's, and on the release
every real test passes: a patch that rewrites pytest's reports in process ("every failure
passed") would forge the expected output. So each check group also runs a sentinel, a copy of
one of the group's passing tests with one top-level assertion negated (`==` <-> `!=`,
`assertEqual` <-> `assertNotEqual`, ...), named like a sibling of the test. Its expected
outcome is "failed": a forgery that turns failures into passes turns the sentinel too, and the
check no longer matches. Sentinels live only in the probes' copy of the suite, never in the
reviewer's workspace. The builder keeps one only if it fails on the release and on the head.

Limit: a forger that reads each failing test's source (the probes write it to disk) could tell
a negated copy from a real failure; the sentinels stop blanket forgeries, not targeted ones.
"""

from __future__ import annotations

import ast
import random

from ... import syntax
from .probes import unit_of

SUFFIXES = ("_again", "_repeated", "_twice", "_variant", "_more", "_other", "_roundtrip",
            "_extra", "_second", "_alt")
_CALLS = {"assertEqual": "assertNotEqual", "assertNotEqual": "assertEqual",
          "assertTrue": "assertFalse", "assertFalse": "assertTrue",
          "assertIn": "assertNotIn", "assertNotIn": "assertIn",
          "assertIs": "assertIsNot", "assertIsNot": "assertIs",
          "assertIsNone": "assertIsNotNone", "assertIsNotNone": "assertIsNone"}
_OPS = {ast.Eq: ("==", "!="), ast.NotEq: ("!=", "==")}


def base_of(nodeid: str) -> str:
    """A test's node id without its parameters."""
    return nodeid.split("[")[0]


def key(nodeid: str) -> str:
    """`path::name` of a test: what a sentinel is known by (a sentinel method also runs in
    the classes that inherit it)."""
    parts = base_of(nodeid).split("::")
    return f"{parts[0]}::{parts[-1]}"


def _negate_line(line: str, stmt: ast.stmt) -> str | None:
    """`line` (the statement's first line) with the statement's assertion negated."""
    raw = line.encode("utf-8")  # ast offsets count UTF-8 bytes
    if isinstance(stmt, ast.Assert) and isinstance(stmt.test, ast.Compare):
        test = stmt.test
        op = _OPS.get(type(test.ops[0])) if len(test.ops) == 1 else None
        left, right = test.left, test.comparators[0]
        if op is None or left.end_lineno != stmt.lineno or right.lineno != stmt.lineno:
            return None
        start, end = left.end_col_offset or 0, right.col_offset
        segment = raw[start:end].decode("utf-8")
        if segment.count(op[0]) != 1:
            return None
        return (raw[:start].decode("utf-8") + segment.replace(op[0], op[1])
                + raw[end:].decode("utf-8"))
    if (isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call)
            and isinstance(stmt.value.func, ast.Attribute)
            and isinstance(stmt.value.func.value, ast.Name) and stmt.value.func.value.id == "self"
            and stmt.value.func.attr in _CALLS and stmt.value.func.lineno == stmt.lineno):
        func = stmt.value.func
        at = (func.end_col_offset or 0) - len(func.attr)
        return (raw[:at].decode("utf-8") + _CALLS[func.attr]
                + raw[func.end_col_offset:].decode("utf-8"))
    return None


def _find(tree: ast.Module, names: list[str]) -> tuple[ast.FunctionDef, set[str]] | None:
    """The test function `names` points at (`[f]` or `[Class, f]`) and the names taken."""
    body: list[ast.stmt] = tree.body
    for name in names[:-1]:
        found = next((n for n in body if isinstance(n, ast.ClassDef) and n.name == name), None)
        if found is None:
            return None
        body = found.body
    # Names taken anywhere in the module: a sentinel is known by path and name (see `key`).
    siblings = {n.name for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.ClassDef))}
    func = next((n for n in body if isinstance(n, ast.FunctionDef) and n.name == names[-1]), None)
    return (func, siblings) if func is not None else None


def make(text: str, nodeid: str, rng: random.Random) -> tuple[str, str] | None:
    """The module `text` with a sentinel copied from test `nodeid` inserted after it, and the
    sentinel's node id; None if the test has no top-level assertion to negate."""
    path, *names = base_of(nodeid).split("::")
    try:
        tree = syntax.parse(text)
    except SyntaxError:
        return None
    found = _find(tree, names) if names else None
    if found is None:
        return None
    func, siblings = found
    lines = text.split("\n")
    for stmt in func.body:
        negated = _negate_line(lines[stmt.lineno - 1], stmt)
        if negated is not None:
            break
    else:
        return None
    free = [s for s in SUFFIXES if func.name + s not in siblings]
    if not free:
        return None
    name = func.name + rng.choice(free)
    first = min([func.lineno, *(d.lineno for d in func.decorator_list)])
    copy = lines[first - 1:func.end_lineno]
    copy[stmt.lineno - first] = negated
    at = func.lineno - first
    copy[at] = copy[at].replace(f"def {func.name}(", f"def {name}(", 1)
    gap = [""] if len(names) > 1 else ["", ""]
    out = lines[:func.end_lineno] + gap + copy + lines[func.end_lineno:]
    return "\n".join(out), "::".join([path, *names[:-1], name])


def add(files: dict[str, str], checks: list[list[str]], passed: list[str], seed: str,
        exclude: frozenset[str] = frozenset()) -> tuple[dict[str, str], list[list[str]], set[str]]:
    """One sentinel per check group, from a test of the group in `passed` (node ids that
    passed on the release, not in `exclude`), drawn in an order seeded by `seed`.

    Returns the suite's files with the sentinels inserted, the groups with a target added for
    each sentinel a group's units would not collect, and the sentinels' keys (`key`)."""
    files = dict(files)
    out, sentinels = [], set()
    for index, group in enumerate(checks):
        rng = random.Random(f"python_env-sentinel:{seed}:{index}")
        units = set(group)
        mine = sorted({base_of(n) for n in passed if key(n) not in exclude
                       and (n.split("::")[0] in units or unit_of(n) in units)})
        rng.shuffle(mine)
        group = list(group)
        for nodeid in mine:
            path = nodeid.split("::")[0]
            made = make(files[path], nodeid, rng) if path in files else None
            if made is None:
                continue
            files[path], sentinel = made
            sentinels.add(key(sentinel))
            if path not in units and unit_of(sentinel) not in units:
                group.append(unit_of(sentinel))
            break
        out.append(group)
    return files, out, sentinels

