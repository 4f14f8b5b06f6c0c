"""Where a finding may rightly point at a reference issue: anchors read from the head's syntax.

A reviewer points at a defect the way code is written, not within a number of lines of it:

- **statement** (quality 1): the whole statement(s) holding the issue's span: any line of a
  multi-line statement, or the header of the compound statement (`if`, `for`, `with`, ...) when
  the span is in the header. Also every `also` span a task names by hand, widened the same way.
- **signature** (coarse): the `def` line(s) of the innermost function holding the span.
- **block** (coarse): the header of the innermost compound statement enclosing the span inside
  that function (the loop or `if` a reviewer blames for what its body does).
- **call site** (coarse): a call to that function on a line the pull request adds, in any file
  (for `__init__`, a call of the class).

A coarse anchor shows where the defect lives, not where it is: it earns full credit only when the
reviewer's patch fixes the issue (the patch pins the place), and COARSE_QUALITY otherwise, even
with a proven witness test (a witness proves the diagnosis, not the place).

A finding also pays for the span it claims: `width_factor` keeps full credit while the finding
claims at most the anchor's lines plus WIDTH_SLACK, then falls with the square of the ratio, so
a finding that covers a whole function or file cannot earn what a precise one earns.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from functools import lru_cache

from ..syntax import parse as parse_source
from ..tasks.model import ReferenceIssue

COARSE_QUALITY = 0.5
WIDTH_SLACK = 3  # lines a finding may claim beyond its anchor at no cost


@dataclass(frozen=True)
class Anchor:
    file: str
    start: int
    end: int
    kind: str  # statement | signature | block | call_site

    @property
    def coarse(self) -> bool:
        return self.kind != "statement"

    def overlaps(self, file: str, start: int, end: int) -> bool:
        return file == self.file and start <= self.end and end >= self.start


def width_factor(claimed: int, needed: int) -> float:
    """1 while a finding claims at most needed + WIDTH_SLACK lines, then (allowed/claimed)^2."""
    allowed = needed + WIDTH_SLACK
    return 1.0 if claimed <= allowed else (allowed / claimed) ** 2


# ------------------------------------------------------------------ the syntax of one file
@dataclass(frozen=True)
class _Unit:
    """A statement as a reviewer sees it: a simple statement, or a compound one's header."""

    start: int
    end: int
    node: ast.AST

    @property
    def size(self) -> int:
        return self.end - self.start + 1


_COMPOUND_BODY = ("body", "handlers", "orelse", "finalbody", "cases")


def _header_end(node: ast.AST, start: int) -> int:
    """Last line of a compound statement's header (which begins on `start`): where its test,
    target, items, pattern or signature end (comments before the body are not part of it)."""
    end = start
    for name, value in ast.iter_fields(node):
        if name in _COMPOUND_BODY or name == "decorator_list":
            continue
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, ast.AST):
                for sub in ast.walk(item):
                    end = max(end, getattr(sub, "end_lineno", None) or 0)
    return end


class _Syntax:
    """Statements, functions and calls of one file, by line."""

    def __init__(self, source: str) -> None:
        self.units: list[_Unit] = []
        self.functions: list[ast.FunctionDef | ast.AsyncFunctionDef] = []
        self.classes: dict[ast.FunctionDef | ast.AsyncFunctionDef, str] = {}
        self.calls: list[ast.Call] = []
        try:
            tree = parse_source(source)
        except SyntaxError:
            return
        for node in ast.walk(tree):
            if isinstance(node, ast.stmt | ast.excepthandler | ast.match_case):
                lineno = getattr(node, "lineno", None) or getattr(node.pattern, "lineno", 1)
                compound = any(getattr(node, name, None) for name in _COMPOUND_BODY)
                if compound:
                    self.units.append(_Unit(lineno, _header_end(node, lineno), node))
                else:
                    end = getattr(node, "end_lineno", None) or lineno
                    self.units.append(_Unit(lineno, end, node))
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                self.functions.append(node)
            if isinstance(node, ast.ClassDef):
                for item in node.body:
                    if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef):
                        self.classes[item] = node.name
            if isinstance(node, ast.Call):
                self.calls.append(node)

    def unit_at(self, line: int) -> _Unit | None:
        """The innermost statement (or compound header) holding the line."""
        holding = [u for u in self.units if u.start <= line <= u.end]
        return min(holding, key=lambda u: (u.size, -u.start), default=None)

    def function_around(self, start: int, end: int
                        ) -> ast.FunctionDef | ast.AsyncFunctionDef | None:
        holding = [f for f in self.functions
                   if f.lineno <= start and end <= (f.end_lineno or f.lineno)]
        return max(holding, key=lambda f: f.lineno, default=None)

    def block_around(self, start: int, end: int, within: ast.AST | None) -> _Unit | None:
        """The innermost compound statement whose body holds the span (not a function)."""
        lo = within.lineno if within is not None else 0
        hi = (within.end_lineno or lo) if within is not None else 10**9
        holding = [u for u in self.units
                   if u.end < start and end <= (getattr(u.node, "end_lineno", 0) or 0)
                   and lo < u.start <= hi
                   and not isinstance(u.node, ast.FunctionDef | ast.AsyncFunctionDef
                                      | ast.ClassDef)]
        return max(holding, key=lambda u: u.start, default=None)


@lru_cache(maxsize=512)
def _syntax(source: str) -> _Syntax:
    return _Syntax(source)


# ------------------------------------------------------------------ anchors of an issue
def _statement_anchor(syntax: _Syntax, file: str, start: int, end: int) -> Anchor:
    lo, hi = start, end
    for line in range(start, end + 1):
        unit = syntax.unit_at(line)
        if unit is not None:
            lo, hi = min(lo, unit.start), max(hi, unit.end)
    return Anchor(file, lo, hi, "statement")


def _signature(function: ast.FunctionDef | ast.AsyncFunctionDef) -> tuple[int, int]:
    return function.lineno, _header_end(function, function.lineno)


def _called_name(call: ast.Call) -> str | None:
    if isinstance(call.func, ast.Name):
        return call.func.id
    if isinstance(call.func, ast.Attribute):
        return call.func.attr
    return None


def issue_anchors(issue: ReferenceIssue, head: dict[str, str],
                  added: dict[str, frozenset[int]]) -> list[Anchor]:
    """Every place where a finding may point at the issue (see the module docstring)."""
    anchors: list[Anchor] = []
    for index, (file, start, end) in enumerate(issue.spans):
        source = head.get(file)
        if source is None:
            continue
        syntax = _syntax(source)
        anchors.append(_statement_anchor(syntax, file, start, end))
        if index > 0:  # `also` spans are named by hand: their statements only
            continue
        function = syntax.function_around(start, end)
        block = syntax.block_around(start, end, function)
        if block is not None:
            anchors.append(Anchor(file, block.start, block.end, "block"))
        if function is None:
            continue
        anchors.append(Anchor(file, *_signature(function), "signature"))
        names = {function.name}
        if function.name == "__init__" and function in syntax.classes:
            names = {syntax.classes[function]}
        for other, lines in added.items():
            if other not in head or not lines:
                continue
            other_syntax = _syntax(head[other])
            for call in other_syntax.calls:
                if _called_name(call) not in names:
                    continue
                if other == file and function.lineno <= call.lineno <= (function.end_lineno or 0):
                    continue  # a recursive call is not a call site
                span = range(call.lineno, (call.end_lineno or call.lineno) + 1)
                if not lines.intersection(span):
                    continue
                unit = other_syntax.unit_at(call.lineno)
                lo, hi = (unit.start, unit.end) if unit else (span.start, span.stop - 1)
                anchors.append(Anchor(other, lo, hi, "call_site"))
    return anchors


@dataclass(frozen=True)
class Located:
    """How well a finding points at an issue: width factors of the best anchors it overlaps
    (0 where it overlaps none); coarse anchors count fully only when a patch fixes the issue."""

    statement: float = 0.0
    coarse: float = 0.0

    def factor(self, fixed: bool) -> float:
        return max(self.statement, self.coarse * (1.0 if fixed else COARSE_QUALITY))


def locate(file: str, start: int, end: int, anchors: list[Anchor]) -> Located:
    statement = coarse = 0.0
    claimed = end - start + 1
    for anchor in anchors:
        if anchor.overlaps(file, start, end):
            factor = width_factor(claimed, anchor.end - anchor.start + 1)
            if anchor.coarse:
                coarse = max(coarse, factor)
            else:
                statement = max(statement, factor)
    return Located(statement, coarse)
