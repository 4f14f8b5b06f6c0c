"""Differential probes: the PR's public functions called on inputs taken from its own tests.

A real task's other checks are the package's tests, which assert what their authors thought
of. A differential probe calls each public top-level function that the PR adds or changes on
the literal arguments its tests pass to it somewhere (`f(3, key="a")`), and returns what comes
back, reduced to plain data (a value of another type: its type's name; an exception: its
type's name; an iterator: its first items). Its expected output is the release's, recorded
outside the sandbox like every check's, so a mutant that changes any of these results fails it:
an extra witness, on inputs the release and the mutant disagree on. The calls live in the
probes file, never in the reviewer's workspace, and the outputs only in the derived checks.
"""

from __future__ import annotations

import ast
import json
from pathlib import PurePosixPath

from ... import syntax
from ..pullrequest import pr_lines
from .pulls import PullRequest

NAME = "check_diff_public_calls"
MAX_CALLS = 40
PER_FUNCTION = 6
MAX_ARGS_TEXT = 200
# Command lines read argv and stdin: not functions of their arguments.
ENTRY_POINTS = frozenset({"main", "run", "cli", "console_main"})

# Runs in the sandbox (with the code under review importable); CALLS is set above it.
HELPER = '''
def _plain(value, depth=0):
    import itertools

    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, bytes):
        return {"bytes": value.hex()}
    if depth > 4:
        return {"type": type(value).__name__}
    if isinstance(value, (list, tuple)):
        return [_plain(v, depth + 1) for v in value[:50]]
    if isinstance(value, dict):
        items = list(value.items())[:50]
        return {"dict": [[_plain(k, depth + 1), _plain(v, depth + 1)] for k, v in items]}
    if isinstance(value, (set, frozenset)):
        return {"set": sorted(repr(v) for v in list(value)[:50])}
    if hasattr(value, "__next__"):
        return {"iter": [_plain(v, depth + 1) for v in itertools.islice(value, 50)]}
    return {"type": type(value).__name__}


def _differential():
    import importlib

    out = []
    for module, name, args, kwargs in CALLS:
        try:
            function = getattr(importlib.import_module(module), name)
            result = _plain(function(*args, **kwargs))
        except Exception as exc:
            result = {"raises": type(exc).__name__}
        out.append([module + "." + name, result])
    return out
'''


def _import_name(path: str) -> str:
    parts = list(PurePosixPath(path.removesuffix(".py")).parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _targets(pr: PullRequest) -> dict[str, str]:
    """Public top-level functions the PR adds or changes: name -> module."""
    found: dict[str, str] = {}
    for path, text in sorted(pr.changes.items()):
        try:
            tree = syntax.parse(text)
        except SyntaxError:
            continue
        changed = pr_lines(pr.base.get(path), text)
        for node in tree.body:
            if (isinstance(node, ast.FunctionDef) and not node.name.startswith("_")
                    and node.name not in ENTRY_POINTS and "cli" not in path
                    and changed & set(range(node.lineno, (node.end_lineno or node.lineno) + 1))):
                found.setdefault(node.name, _import_name(path))
    return found


def _stable(value: object) -> bool:
    """Plain data whose repr is the same in every process (no sets: their order is hashed)."""
    if value is None or isinstance(value, (bool, int, str, bytes)):
        return True
    if isinstance(value, float):
        return value == value and abs(value) != float("inf")
    if isinstance(value, (tuple, list)):
        return all(_stable(v) for v in value)
    if isinstance(value, dict):
        return all(_stable(k) and _stable(v) for k, v in value.items())
    return False


def _literal_call(node: ast.Call) -> tuple[tuple, dict] | None:
    if any(isinstance(a, ast.Starred) for a in node.args) or any(
            k.arg is None for k in node.keywords):
        return None
    try:
        args = tuple(ast.literal_eval(a) for a in node.args)
        kwargs = {k.arg: ast.literal_eval(k.value) for k in node.keywords if k.arg}
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return None
    if not _stable([args, kwargs]) or len(repr((args, kwargs))) > MAX_ARGS_TEXT:
        return None
    return args, kwargs


def calls(pr: PullRequest, tests: list[str]) -> list[tuple[str, str, tuple, dict]]:
    """(module, function, args, kwargs) for each literal call of a target in `tests`, in the
    order of the tests, without repeats; at most PER_FUNCTION per function, MAX_CALLS in all."""
    targets = _targets(pr)
    out: list[tuple[str, str, tuple, dict]] = []
    seen: set[str] = set()
    count: dict[str, int] = {}
    for text in tests:
        try:
            tree = syntax.parse(text)
        except SyntaxError:
            continue
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.id if isinstance(func, ast.Name) else (
                func.attr if isinstance(func, ast.Attribute) else "")
            if name not in targets or count.get(name, 0) >= PER_FUNCTION:
                continue
            found = _literal_call(node)
            if found is None or repr((name, found)) in seen:
                continue
            seen.add(repr((name, found)))
            count[name] = count.get(name, 0) + 1
            out.append((targets[name], name, *found))
            if len(out) >= MAX_CALLS:
                return out
    return out


def probe_source(found: list[tuple[str, str, tuple, dict]]) -> str:
    """The probe (appended to the probes file), or "" without calls."""
    if not found:
        return ""
    return "\n".join(["", f"CALLS = {found!r}", "", HELPER.strip("\n"), "", "",
                      f"def {NAME}():", "    return _differential()", ""])


def stable(found: list[tuple[str, str, tuple, dict]],
           outputs: list[str]) -> list[tuple[str, str, tuple, dict]]:
    """The calls whose results agree across `outputs` (the probe's outputs on the release from
    separate runs): a result that depends on the clock, the process or the host would make
    every task of the PR fail its determinism check. None if a run did not finish."""
    results = []
    for output in outputs:
        value = json.loads(output).get("ok")
        if not isinstance(value, list) or len(value) != len(found):
            return []
        results.append(value)
    return [call for i, call in enumerate(found) if all(r[i] == results[0][i] for r in results)]
