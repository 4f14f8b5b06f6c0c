"""Which lines of the PR's changed modules the hidden tests execute on the release.

One sandbox job per PR, before any mutant runs. The sandbox refuses tracing hooks to the code it
runs, so the release's changed modules are instrumented instead: before each statement, a call
that records its original lines (for a compound statement, its header's), into a set kept in
`builtins`; each check's tests run on that copy and the probe returns what was recorded. A
mutation site none of whose lines ran cannot change what a test sees (a module's top-level
lines, a `def` with its default arguments included, run at import), so draws.py skips it
without running it. If the job does not finish, nothing is skipped.
"""

from __future__ import annotations

import ast
import dataclasses
import json
import re

from ... import syntax
from ...grading.checks import run_checks_on
from ...sandbox import Sandbox
from ..model import Task
from .memo import Memo

MARK = "_python_env_ran"
# Appended to the probes file (after probes.HELPER).
HELPER = f'''
def _executed(*targets):
    import builtins

    _outcomes(*targets)
    found = {{}}
    for path, first, last in builtins.__dict__.get("{MARK}", ()):
        found.setdefault(path, set()).update(range(first, last + 1))
    return [[path, sorted(lines)] for path, lines in sorted(found.items())]
'''
TIMEOUT_FACTOR = 2.0  # the marks slow the instrumented modules down


class _Marker(ast.NodeTransformer):
    def __init__(self, path: str):
        self.path = path

    def _mark(self, stmt: ast.stmt) -> ast.stmt:
        body = getattr(stmt, "body", None)
        last = stmt.end_lineno or stmt.lineno
        if isinstance(body, list) and body and isinstance(body[0], ast.stmt):
            # A compound statement: its header (the marks in its body have no line yet).
            first = next((b.lineno for b in body if hasattr(b, "lineno")), stmt.lineno + 1)
            last = max(stmt.lineno, first - 1)
        lines = [ast.Constant(self.path), ast.Constant(stmt.lineno), ast.Constant(last)]
        add = ast.Attribute(ast.Name(MARK, ast.Load()), "add", ast.Load())
        return ast.Expr(ast.Call(add, [ast.Tuple(lines, ast.Load())], []))

    def generic_visit(self, node: ast.AST) -> ast.AST:
        super().generic_visit(node)
        for field in ("body", "orelse", "finalbody"):
            stmts = getattr(node, field, None)
            if isinstance(stmts, list) and stmts and isinstance(stmts[0], ast.stmt):
                marked: list[ast.stmt] = []
                for index, stmt in enumerate(stmts):
                    # A docstring stays one (`__doc__`), a future import stays first.
                    if not (_is_future(stmt) or (index == 0 and _is_docstring(stmt))):
                        marked.append(self._mark(stmt))
                    marked.append(stmt)
                setattr(node, field, marked)
        return node


def _is_docstring(stmt: ast.stmt) -> bool:
    return (isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant)
            and isinstance(stmt.value.value, str))


def _is_future(stmt: ast.stmt) -> bool:
    return isinstance(stmt, ast.ImportFrom) and stmt.module == "__future__"


def instrument(path: str, text: str) -> str:
    """`text` with a mark before each statement (see the module doc); as is if it won't parse."""
    try:
        tree = _Marker(path).visit(syntax.parse(text))
    except (SyntaxError, RecursionError, ValueError):
        return text
    body = tree.body
    at = 0
    while at < len(body) and (_is_future(body[at]) or (at == 0 and _is_docstring(body[at]))):
        at += 1  # after the docstring and `from __future__` imports
    setup = syntax.parse(f"import builtins as _python_env_b\n"
                      f"{MARK} = _python_env_b.__dict__.setdefault({MARK!r}, set())").body
    tree.body = body[:at] + setup + body[at:]
    return ast.unparse(ast.fix_missing_locations(tree)) + "\n"


def traced_source(probes: str) -> str:
    """The probes file with every pytest check returning the lines run instead."""
    return re.sub(r"return _outcomes\(", "return _executed(", probes) + "\n" + HELPER


def lines_by_check(clean: Task, sandbox: Sandbox | Memo) -> dict[str, dict[str, set[int]]] | None:
    """check -> path -> lines its tests executed on the release (the pytest checks; the
    differential one is not traced); None if the job failed."""
    if clean.check_timeout_s is None:
        return None
    task = dataclasses.replace(clean, probes_source=traced_source(clean.probes_source),
                               check_timeout_s=clean.check_timeout_s * TIMEOUT_FACTOR)
    tree = dict(task.fixed)
    for path in clean.head_changes:
        tree[path] = instrument(path, tree[path])
    run = run_checks_on(task, tree, sandbox)
    if run.status != "ok":
        return None
    found: dict[str, dict[str, set[int]]] = {}
    for name, output in run.outputs.items():
        value = json.loads(output).get("ok")
        if name.startswith("check_diff"):
            continue
        if not isinstance(value, list):
            return None
        found[name] = {path: set(lines) for path, lines in value}
    return found


def union(by_check: dict[str, dict[str, set[int]]]) -> dict[str, set[int]]:
    """path -> lines some check executed."""
    found: dict[str, set[int]] = {}
    for paths in by_check.values():
        for path, lines in paths.items():
            found.setdefault(path, set()).update(lines)
    return found

