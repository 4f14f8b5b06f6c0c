"""Generated training tasks: curated pull requests with a seeded defect in the code they add.

`generate(seed)` turns a seed into a buggy pull request. The source material is a curated task of
the `train` split whose checks are derived (expected.json). Its pull request *as it should have
been written* is `source.base` -> `source.fixed` (the reference-fixed tree: correct code, which
the probes exercise, `derived.expected` holding their outputs and `derived.base` their outputs
before the PR). The generator re-opens that PR with one defect injected into code the PR adds:

1. orders the source tasks by a rendezvous hash of (seed, task id), so adding a task to the bank
   only changes the seeds that the new task wins (about 1 in N), and tries them in that order;
   a source is skipped when no probe's output on its base differs from the fix's (reverting its
   PR could then pass);
2. for a source task, draws (with `random.Random`, seeded from the seed and the task id; never the
   global random) a Python file that the PR adds or changes and that the probes import, directly
   or through the project's own imports, then a mutation kind available in that file, then one
   site of that kind; a site is eligible only if every non-blank line it touches is a line the
   PR adds or changes (`pr_lines`: difflib on the file, as in the diff; a file the PR adds counts
   entirely);
3. edits the fixed text at the site's exact span (tokens located with `ast` and `tokenize`), so
   the rest of the PR stays byte-identical and the defect is one small, realistic slip in it;
4. runs the probes on the mutant tree in the sandbox (`run_checks`) and keeps the mutant only if
   it parses, its lines are among the `+` lines of the diff the reviewer reads, that diff has at
   least `MIN_PLUS_LINES` `+` lines, every probe finishes, at least one probe's output differs
   from the fix's expected output (fail-to-pass, the issue's witnesses), at least one agrees
   (pass-to-pass), and at least one pass-to-pass probe's output on the source's base differs from
   the expected one, so that a "patch" reverting the PR fails the pass-to-pass gate and scores 0
   on the patch part; otherwise it draws another site, up to `SITES_PER_SOURCE` per source task
   and `MAX_ATTEMPTS` in all.

The task: id `gen-<seed>`, split `generated`, difficulty `medium`; base = the source's base (the
project before the PR, without its visible tests); head = every file of the source's fixed PR,
one of them mutated (the diff shows the whole feature, typically tens of `+` lines, not just the
defect); fix = the original of the mutated file; the source's visible tests and probes; one
reference issue spanning the mutated lines of the head; derived checks from the probes only (the
source's static checks are dropped): expected = the fix's outputs, head = the mutant's, base =
the base's. The PR title and description are the source PR's own (they describe its feature,
were written before any mutation, and so name no defect); the hint depends on the kind only.

Only the `train` split is mutated, so the held-out `validation` and `test` modules never leak
into training data.

Determinism: the same seed gives the same task (byte-identical files, the same issue) for a given
bank and machine. The task depends on the bank's contents (the source task's files and probes),
and, for mutants near the generator's per-probe time limit, on the machine's speed.

Cost: every `generate` call that misses the cache runs the sandbox at least once: one probe
job on the mutant tree (0.1-0.3 s on a 2-core machine), plus one per rejected mutant (about two
candidates in five are rejected, more than half of them only because reverting the PR would
pass); a mutant whose probes loop costs up to `GENERATION_LIMITS.wall_s`. The base's outputs come from
expected.json (a source without them is run once on its base, and cached). Measured over 50
seeds on a 2-core machine shared with other jobs: mean 0.13 s, median 0.08 s, max 0.6 s per call
at load 1.4; mean 0.31 s, median 0.19 s, max 1.6 s at load 5. Every seed of 0-399 yields a task.
`generate` keeps the last `CACHE_SIZE` tasks in an LRU cache. A kept mutant is run once: its
determinism is not re-checked (mutations are local operator and constant edits of deterministic
code), and `generate` blocks: call it off the event loop.
"""

from __future__ import annotations

import ast
import bisect
import dataclasses
import difflib
import hashlib
import io
import json
import random
import re
import tokenize
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

from ..grading.checks import run_checks_on
from ..sandbox import Limits, Sandbox, shared_sandbox
from .loader import TaskBank, get_bank
from .model import DerivedChecks, ReferenceIssue, Task, line_count, probe_names
from ..syntax import parse as parse_source

GENERATED_SPLIT = "generated"
SOURCE_SPLITS = ("train",)
MAX_ATTEMPTS = 24
SITES_PER_SOURCE = 6
CACHE_SIZE = 256
# The diff is more than the defect: a kept task's diff has at least this many `+` lines, so that
# flagging every `+` line does not pay (one major finding per line scores 1.4 / (N (N + 1)) under
# the current rubric: 0.047 at N = 5).
MIN_PLUS_LINES = 5
# A mutant that loops is rejected, and costs at most this. The bank's fixes run all their probes
# in at most about 1.2 s (0.3 s per probe) on a loaded 2-core machine: a 3-5x margin.
GENERATION_LIMITS = Limits(wall_s=6.0, item_timeout_s=1.0)


class GenerationError(RuntimeError):
    """No source task yielded a mutant that the probes tell apart from the original."""


@dataclass(frozen=True)
class Kind:
    bug_class: str
    category: str
    severity: str
    title: str  # the issue's title, with {func}
    explanation: str  # the rationale's middle sentence
    hint: str  # never names the line nor the code


KINDS: dict[str, Kind] = {
    "compare-boundary": Kind(
        "off-by-one", "bug", "major",
        "`{func}` gets the boundary case wrong",
        "A strict comparison became inclusive or the reverse, so the value exactly at the limit "
        "now lands on the wrong side.",
        "Walk through the boundary case of the changed code: what should happen exactly at the "
        "limit?",
    ),
    "compare-negation": Kind(
        "wrong-condition", "bug", "major",
        "`{func}` tests the opposite condition",
        "The comparison now tests the negation of what it tested before, so the branch or filter "
        "selects the wrong cases.",
        "Re-read the changed condition: does it still pick out the cases it is meant to?",
    ),
    "arithmetic-operator": Kind(
        "wrong-operator", "bug", "major",
        "`{func}` computes its result with the wrong operator",
        "An arithmetic operator was swapped, so the computed value is wrong for ordinary inputs.",
        "Recompute one result of the changed function by hand, with small numbers.",
    ),
    "integer-division": Kind(
        "integer-arithmetic", "bug", "major",
        "`{func}` changes how a division rounds",
        "Floor division and true division were swapped, which changes the type and the rounding "
        "of the result.",
        "Check the type and the rounding of what the changed arithmetic produces.",
    ),
    "constant-off-by-one": Kind(
        "off-by-one", "bug", "major",
        "`{func}` uses a number that is off by one",
        "An integer constant moved by one, so a count, an index or a limit is off by one.",
        "Count carefully: is every number in the change the right count, index or limit?",
    ),
    "bound-off-by-one": Kind(
        "off-by-one", "bug", "major",
        "`{func}` iterates or slices one element too far or too short",
        "A range or slice bound moved by one, so the first or the last element is skipped or one "
        "too many is taken.",
        "Check the first and the last element that the changed range or slice covers.",
    ),
    "inverted-condition": Kind(
        "wrong-condition", "bug", "major",
        "`{func}` takes the branch in the opposite case",
        "The condition was inverted, so the branch runs exactly when it should not.",
        "Is each branch of the change taken in the case it is meant for, or in the opposite one?",
    ),
    "removed-guard": Kind(
        "missing-guard", "bug", "major",
        "`{func}` no longer rejects the input it used to turn away",
        "An early exit that guarded the rest of the function was removed, so inputs it used to "
        "reject or short-circuit now run through the main path.",
        "What happens now with input that the function used to turn away early?",
    ),
    "swapped-arguments": Kind(
        "api-contract", "api_contract", "major",
        "`{func}` passes two arguments in the wrong order",
        "Two positional arguments of a call were swapped, so the callee receives each value in "
        "the other's place.",
        "Compare each call in the change with the signature of the function it calls.",
    ),
    "boolean-operator": Kind(
        "wrong-condition", "bug", "major",
        "`{func}` combines its conditions with the wrong boolean operator",
        "`and` and `or` were swapped, so the condition holds when any part holds instead of all "
        "of them, or the reverse.",
        "Work out when the changed condition is true: should all of its parts hold, or any?",
    ),
    "min-max": Kind(
        "wrong-operator", "bug", "major",
        "`{func}` clamps in the wrong direction",
        "`min` and `max` were swapped, so a bound is applied in the wrong direction.",
        "Is every bound in the change applied in the right direction: smallest or largest?",
    ),
    "return-flip": Kind(
        "wrong-condition", "bug", "major",
        "`{func}` reports the opposite answer",
        "A returned boolean was flipped, so the function answers the opposite in that case.",
        "What does the changed function report in the case the change touches?",
    ),
}

# --------------------------------------------------------------------------------------------
# Mutation sites


@dataclass(frozen=True)
class Mutation:
    kind: str
    path: str
    func: str  # qualified name of the enclosing function
    edits: tuple[tuple[int, int, str], ...]  # (start, end, replacement): character offsets
    category: str = ""  # overrides the kind's category (a removed guard that raised)

    def apply(self, text: str) -> str:
        for start, end, replacement in sorted(self.edits, reverse=True):
            text = text[:start] + replacement + text[end:]
        return text

    def head_span(self, mutant: str) -> tuple[int, int]:
        """Lines of the mutant (1-based, inclusive) that the mutation touches."""
        edits = sorted(self.edits)
        first = edits[0][0]
        delta = sum(len(r) - (e - s) for s, e, r in edits)
        last = edits[-1][1] + delta  # end of the last edit, in the mutant
        start_line = mutant.count("\n", 0, first) + 1
        lines = line_count(mutant)
        if last > first:
            end_line = mutant.count("\n", 0, last - 1) + 1
            return start_line, max(start_line, end_line)
        # A pure deletion: the lines on either side of the gap.
        return max(1, start_line - 1), min(max(1, lines), start_line)


class _Source:
    """Character offsets for AST positions (UTF-8 byte columns) and the token stream."""

    def __init__(self, text: str):
        self.text = text
        self.lines = text.split("\n")
        self.starts = [0]
        for line in self.lines[:-1]:
            self.starts.append(self.starts[-1] + len(line) + 1)
        self.tokens: list[tuple[int, int, str]] = []  # (start, end, string) of OP and NAME
        for tok in tokenize.generate_tokens(io.StringIO(text).readline):
            if tok.type in (tokenize.OP, tokenize.NAME):
                self.tokens.append((self._pos(*tok.start), self._pos(*tok.end), tok.string))
        self._token_starts = [t[0] for t in self.tokens]

    def _pos(self, row: int, col: int) -> int:
        return self.starts[row - 1] + col

    def offset(self, lineno: int, col_byte: int) -> int:
        line = self.lines[lineno - 1]
        if not line.isascii():
            col_byte = len(line.encode("utf-8")[:col_byte].decode("utf-8", "ignore"))
        return self.starts[lineno - 1] + col_byte

    def span(self, node: ast.AST) -> tuple[int, int]:
        return (self.offset(node.lineno, node.col_offset),
                self.offset(node.end_lineno, node.end_col_offset))

    def segment(self, node: ast.AST) -> str:
        start, end = self.span(node)
        return self.text[start:end]

    def tokens_between(self, start: int, end: int) -> list[tuple[int, int, str]]:
        i = bisect.bisect_left(self._token_starts, start)
        j = bisect.bisect_left(self._token_starts, end)
        return self.tokens[i:j]


_BOUNDARY = {ast.Lt: "<=", ast.LtE: "<", ast.Gt: ">=", ast.GtE: ">"}
_BOUNDARY_TOKEN = {ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">="}
_ARITH = {ast.Add: ("+", "-"), ast.Sub: ("-", "+"), ast.Mult: ("*", "/"), ast.Div: ("/", "*")}
_AUG = {ast.Add: ("+=", "-="), ast.Sub: ("-=", "+=")}
_NON_NUMERIC = (ast.JoinedStr, ast.List, ast.Tuple, ast.ListComp, ast.Set, ast.Dict, ast.SetComp,
                ast.DictComp, ast.GeneratorExp)
_LITERALS = (ast.Constant, ast.Dict, ast.List, ast.Tuple, ast.Set, ast.JoinedStr)
_NEEDS_PARENS = (ast.BoolOp, ast.IfExp, ast.Lambda, ast.NamedExpr, ast.Await, ast.Yield)
_BOUND_EXPRS = (ast.Name, ast.Attribute, ast.Call, ast.Subscript)
# Calls whose arguments are not interchangeable values: swapping them is not a plausible slip.
_NO_SWAP = frozenset({
    "isinstance", "issubclass", "getattr", "setattr", "hasattr", "delattr", "print", "format",
    "open", "super", "map", "filter", "sorted", "enumerate", "round", "iter", "next", "dict",
    "setdefault", "get", "pop", "join", "append", "insert", "debug", "info", "warning", "error",
    "exception", "critical", "log", "field", "cast", "partial", "sub", "match", "search",
    "fullmatch", "compile", "split", "strftime", "strptime", "encode", "decode", "Decimal",
    "sum",
})


def _is_str(node: ast.AST) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, str | bytes)


def _is_int(node: ast.AST) -> bool:
    return isinstance(node, ast.Constant) and type(node.value) is int


def _call_name(node: ast.Call) -> str:
    if isinstance(node.func, ast.Name):
        return node.func.id
    if isinstance(node.func, ast.Attribute):
        return node.func.attr
    return ""


class _SiteFinder:
    """Every mutation site inside function bodies of one file, in source order."""

    def __init__(self, path: str, text: str):
        self.path = path
        self.src = _Source(text)
        self.sites: list[Mutation] = []
        self.tree = parse_source(text)

    def run(self) -> list[Mutation]:
        self._scope(self.tree.body, "")
        return self.sites

    # ---- traversal

    def _scope(self, body: list[ast.stmt], prefix: str) -> None:
        """Module or class level: only functions are mutated."""
        for stmt in body:
            if isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef):
                self._function(stmt, prefix)
            elif isinstance(stmt, ast.ClassDef):
                self._scope(stmt.body, f"{prefix}{stmt.name}.")

    def _function(self, node: ast.FunctionDef | ast.AsyncFunctionDef, prefix: str) -> None:
        func = f"{prefix}{node.name}"
        self._block(node.body, func, None)

    def _block(self, body: list[ast.stmt], func: str, parent: ast.AST | None) -> None:
        for stmt in body:
            self._guard(stmt, body, func)
            self._node(stmt, func, parent)

    def _node(self, node: ast.AST, func: str, parent: ast.AST | None) -> None:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            self._function(node, f"{func}.")
            return
        if isinstance(node, ast.ClassDef | ast.JoinedStr):
            return
        self._visit(node, func, parent)
        for name, value in ast.iter_fields(node):
            if name in ("annotation", "returns", "decorator_list", "type_comment"):
                continue
            if isinstance(value, list) and value and isinstance(value[0], ast.stmt):
                self._block(value, func, node)
            elif isinstance(value, list):
                for item in value:
                    if isinstance(item, ast.AST):
                        self._node(item, func, node)
            elif isinstance(value, ast.AST):
                self._node(value, func, node)

    def _add(self, kind: str, func: str, *edits: tuple[int, int, str], category: str = "") -> None:
        self.sites.append(Mutation(kind, self.path, func, tuple(edits), category))

    def _token(self, start: int, end: int, *strings: str) -> tuple[int, int, str] | None:
        for tok in self.src.tokens_between(start, end):
            if tok[2] in strings:
                return tok
        return None

    # ---- sites

    def _visit(self, node: ast.AST, func: str, parent: ast.AST | None) -> None:
        if isinstance(node, ast.Compare):
            self._compare(node, func)
        elif isinstance(node, ast.BinOp):
            self._binop(node, func)
        elif isinstance(node, ast.AugAssign) and type(node.op) in _AUG:
            _, target_end = self.src.span(node.target)
            value_start, _ = self.src.span(node.value)
            old, new = _AUG[type(node.op)]
            tok = self._token(target_end, value_start, old)
            if tok:
                self._add("arithmetic-operator", func, (tok[0], tok[1], new))
        elif isinstance(node, ast.BoolOp):
            if any(isinstance(v, _LITERALS) for v in node.values):
                return  # `rates or {}`: a default, not a condition
            edits = []
            old, new = ("and", "or") if isinstance(node.op, ast.And) else ("or", "and")
            for left, right in pairwise(node.values):
                tok = self._token(self.src.span(left)[1], self.src.span(right)[0], old)
                if tok is None:
                    return
                edits.append((tok[0], tok[1], new))
            self._add("boolean-operator", func, *edits)
        elif isinstance(node, ast.Constant) and _is_int(node):
            self._constant(node, func, parent)
        elif isinstance(node, ast.Call):
            self._call(node, func)
        elif isinstance(node, ast.Slice):
            for bound in (node.lower, node.upper):
                self._append_bound(bound, func)
        if isinstance(node, ast.If | ast.While | ast.IfExp):
            self._invert(node.test, func)
        elif isinstance(node, ast.comprehension):
            for test in node.ifs:
                self._invert(test, func)
        if (isinstance(node, ast.Return) and isinstance(node.value, ast.Constant)
                and type(node.value.value) is bool):
            start, end = self.src.span(node.value)
            self._add("return-flip", func, (start, end, str(not node.value.value)))

    def _compare(self, node: ast.Compare, func: str) -> None:
        operands = [node.left, *node.comparators]
        for op, left, right in zip(node.ops, operands, operands[1:], strict=False):
            lo, hi = self.src.span(left)[1], self.src.span(right)[0]
            kind = type(op)
            if kind in _BOUNDARY:
                tok = self._token(lo, hi, _BOUNDARY_TOKEN[kind])
                if tok:
                    self._add("compare-boundary", func, (tok[0], tok[1], _BOUNDARY[kind]))
                continue
            if kind in (ast.Eq, ast.NotEq):
                tok = self._token(lo, hi, "==", "!=")
                if tok:
                    self._add("compare-negation", func,
                              (tok[0], tok[1], "!=" if tok[2] == "==" else "=="))
                continue
            words = [t for t in self.src.tokens_between(lo, hi) if t[2] in ("is", "not", "in")]
            if kind is ast.Is and words:
                self._add("compare-negation", func, (words[0][0], words[0][1], "is not"))
            elif kind is ast.In and words:
                self._add("compare-negation", func, (words[0][0], words[0][1], "not in"))
            elif kind in (ast.IsNot, ast.NotIn) and len(words) == 2:
                keep = "is" if kind is ast.IsNot else "in"
                self._add("compare-negation", func, (words[0][0], words[1][1], keep))

    def _binop(self, node: ast.BinOp, func: str) -> None:
        operands = (node.left, node.right)
        if any(_is_str(o) or isinstance(o, _NON_NUMERIC) for o in operands):
            return
        lo, hi = self.src.span(node.left)[1], self.src.span(node.right)[0]
        kind = type(node.op)
        if kind in _ARITH:
            old, new = _ARITH[kind]
            tok = self._token(lo, hi, old)
            if tok:
                self._add("arithmetic-operator", func, (tok[0], tok[1], new))
        if kind in (ast.FloorDiv, ast.Div):
            old, new = ("//", "/") if kind is ast.FloorDiv else ("/", "//")
            tok = self._token(lo, hi, old)
            if tok:
                self._add("integer-division", func, (tok[0], tok[1], new))

    def _constant(self, node: ast.Constant, func: str, parent: ast.AST | None) -> None:
        plausible = (
            isinstance(parent, ast.Compare | ast.Slice)
            or (isinstance(parent, ast.Subscript) and parent.slice is node)
            or (isinstance(parent, ast.BinOp) and isinstance(parent.op, ast.Add | ast.Sub))
            or (isinstance(parent, ast.AugAssign) and isinstance(parent.op, ast.Add | ast.Sub))
            or (isinstance(parent, ast.Call) and _call_name(parent) == "range"
                and node in parent.args)
        )
        if not plausible:
            return
        start, end = self.src.span(node)
        value = node.value
        for new in (value + 1, value - 1):
            if new >= 0:
                self._add("constant-off-by-one", func, (start, end, str(new)))

    def _append_bound(self, bound: ast.AST | None, func: str) -> None:
        if bound is None:
            return
        arithmetic = isinstance(bound, ast.BinOp) and isinstance(
            bound.op, ast.Add | ast.Sub | ast.Mult | ast.FloorDiv)
        if not (isinstance(bound, _BOUND_EXPRS) or arithmetic):
            return
        _, end = self.src.span(bound)
        for suffix in (" + 1", " - 1"):
            self._add("bound-off-by-one", func, (end, end, suffix))

    def _call(self, node: ast.Call, func: str) -> None:
        name = _call_name(node)
        if name == "range" and node.args and not any(
                isinstance(a, ast.Starred) for a in node.args):
            self._append_bound(node.args[0] if len(node.args) == 1 else node.args[1], func)
        if isinstance(node.func, ast.Name) and name in ("min", "max"):
            start, end = self.src.span(node.func)
            self._add("min-max", func, (start, end, "max" if name == "min" else "min"))
        args = node.args
        if len(args) < 2 or name in _NO_SWAP or any(isinstance(a, ast.Starred) for a in args):
            return
        for left, right in pairwise(args):
            if any(_is_str(a) or isinstance(a, ast.Lambda) for a in (left, right)):
                continue
            a, b = self.src.segment(left), self.src.segment(right)
            if a == b:
                continue
            (a_start, a_end), (b_start, b_end) = self.src.span(left), self.src.span(right)
            between = self.src.text[a_end:b_start]
            self._add("swapped-arguments", func, (a_start, b_end, b + between + a))

    def _invert(self, test: ast.AST, func: str) -> None:
        if isinstance(test, ast.Constant):
            return  # `while True:`
        start, end = self.src.span(test)
        text = self.src.text[start:end]
        if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
            match = re.match(r"not\b\s*", text)
            if match:
                self._add("inverted-condition", func, (start, end, text[match.end():]))
            return
        inverted = f"not ({text})" if isinstance(test, _NEEDS_PARENS) else f"not {text}"
        self._add("inverted-condition", func, (start, end, inverted))

    def _guard(self, stmt: ast.stmt, body: list[ast.stmt], func: str) -> None:
        """`if cond: raise/return/continue` in a block of several statements: delete it."""
        if not (isinstance(stmt, ast.If) and not stmt.orelse and len(stmt.body) == 1
                and isinstance(stmt.body[0], ast.Raise | ast.Return | ast.Continue)
                and len(body) > 1):
            return
        lines = self.src.lines
        first, last = stmt.lineno, stmt.end_lineno
        head = lines[first - 1]
        indent = head[: len(head) - len(head.lstrip())]
        if not head.lstrip().startswith("if ") or self.src.offset(first, stmt.col_offset) != (
                self.src.starts[first - 1] + len(indent)):
            return
        end_of_stmt = self.src.offset(last, stmt.end_col_offset) - self.src.starts[last - 1]
        tail = lines[last - 1][end_of_stmt:].strip()
        if tail and not tail.startswith("#"):
            return
        # Comments just above the guard describe it: they go with it.
        while first > 1 and lines[first - 2].startswith(indent + "#"):
            first -= 1
        # Do not leave a blank line at the top of a block or a doubled blank line.
        before = lines[first - 2] if first > 1 else ""
        if last < len(lines) and not lines[last].strip() and (
                not before.strip() or before.rstrip().endswith(":")):
            last += 1
        start = self.src.starts[first - 1]
        end = self.src.starts[last] if last < len(self.src.starts) else len(self.src.text)
        raises = isinstance(stmt.body[0], ast.Raise)
        self._add("removed-guard", func, (start, end, ""),
                  category="error_handling" if raises else "")


@lru_cache(maxsize=512)
def find_sites(path: str, text: str) -> tuple[Mutation, ...]:
    """Every mutation site of a Python file (inside function bodies), in a stable order."""
    try:
        return tuple(_SiteFinder(path, text).run())
    except (SyntaxError, tokenize.TokenError, ValueError):
        return ()


# --------------------------------------------------------------------------------------------
# Which files the probes exercise


def _module_of(path: str) -> str:
    parts = path[:-3].split("/")
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def _imported(text: str, module: str, is_package: bool) -> set[str]:
    try:
        tree = parse_source(text)
    except SyntaxError:
        return set()
    names: set[str] = set()
    package = module.split(".") if is_package else module.split(".")[:-1]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                anchor = package[: len(package) - node.level + 1]
                base = ".".join([*anchor, *([node.module] if node.module else [])])
            else:
                base = node.module or ""
            if base:
                names.add(base)
                names.update(f"{base}.{alias.name}" for alias in node.names)
    return names


def exercised_files(task: Task) -> list[str]:
    """Python files of the fixed project that the probes import, directly or transitively."""
    project = {p: t for p, t in task.fixed.items()
               if p.endswith(".py") and p not in task.visible_tests}
    modules = {_module_of(p): p for p in project}
    todo = list(_imported(task.probes_source, "probes", False))
    seen: set[str] = set()
    while todo:
        name = todo.pop()
        parts = name.split(".")
        for i in range(1, len(parts) + 1):  # importing a.b runs a/__init__.py too
            prefix = ".".join(parts[:i])
            if prefix in modules and prefix not in seen:
                seen.add(prefix)
                path = modules[prefix]
                todo.extend(_imported(project[path], prefix, path.endswith("__init__.py")))
    return sorted(modules[m] for m in seen)


# --------------------------------------------------------------------------------------------
# The source pull request


def pr_lines(before: str | None, after: str) -> frozenset[int]:
    """1-based lines of `after` that a change from `before` adds or modifies (all of a new file).

    The same line matching as the diff the reviewer reads (`Task.diff`): these are its `+` lines.
    """
    new = after.splitlines(keepends=True)
    if before is None:
        return frozenset(range(1, len(new) + 1))
    matcher = difflib.SequenceMatcher(None, before.splitlines(keepends=True), new)
    return frozenset(j + 1 for tag, _, _, j1, j2 in matcher.get_opcodes()
                     if tag in ("replace", "insert") for j in range(j1, j2))


def pr_files(source: Task) -> dict[str, str]:
    """The source's pull request as it should have been written: path -> content in its fixed
    tree, for every file that differs from its base (files the PR adds included)."""
    paths = (set(source.head_changes) | set(source.fix_changes)) - set(source.visible_tests)
    return {p: source.fixed[p] for p in sorted(paths) if source.fixed[p] != source.base.get(p)}


def _site_lines(mutation: Mutation, text: str) -> set[int]:
    """Non-blank lines of `text` (1-based) that the mutation's edits touch."""
    lines = text.split("\n")
    touched: set[int] = set()
    for start, end, _ in mutation.edits:
        first = text.count("\n", 0, start) + 1
        last = text.count("\n", 0, max(start, end - 1)) + 1
        touched.update(n for n in range(first, last + 1) if lines[n - 1].strip())
    return touched


_BASE_OUTPUTS: dict[str, dict[str, str] | None] = {}


def _base_outputs(source: Task, sandbox: Sandbox) -> dict[str, str] | None:
    """The probes' outputs on the source's base (the tree before its PR).

    expected.json records them (`DerivedChecks.base`); for a task whose derived checks lack them,
    they are computed once and cached by content. None if the probes do not run there.
    """
    names = probe_names(source.probes_source)
    derived = source.derived
    if derived is not None and derived.base is not None and all(n in derived.base for n in names):
        return {n: derived.base[n] for n in names}
    digest = hashlib.sha256(json.dumps(
        [source.id, source.probes_source, sorted(source.base_tree.items())]).encode()).hexdigest()
    if digest not in _BASE_OUTPUTS:
        probes_only = dataclasses.replace(source, static_checks=())
        run = run_checks_on(probes_only, source.base_tree, sandbox, GENERATION_LIMITS)
        _BASE_OUTPUTS[digest] = (
            {n: run.outputs[n] for n in names} if run.status == "ok" else None)
    return _BASE_OUTPUTS[digest]


# --------------------------------------------------------------------------------------------
# Generation


def _rendezvous(seed: int, task_id: str) -> str:
    return hashlib.sha256(f"python_env-generator:{seed}:{task_id}".encode()).hexdigest()


def source_tasks(bank: TaskBank) -> list[Task]:
    """Curated tasks the generator may mutate: training split, derived checks, probe outputs."""
    sources = []
    for split in SOURCE_SPLITS:
        for task in bank.split(split):
            derived = task.derived
            if derived is None:
                continue
            names = probe_names(task.probes_source)
            if len(names) >= 2 and all(n in derived.expected for n in names):
                sources.append(task)
    return sources


def _snippet(text: str, start: int, end: int) -> str:
    """The source lines [start, end] (1-based), whitespace collapsed, for the rationale."""
    lines = text.split("\n")[start - 1:end]
    flat = " ".join(line.strip() for line in lines if line.strip())
    return flat if len(flat) <= 160 else flat[:157] + "..."


def _describe(mutation: Mutation, original: str, mutant: str, witnesses: list[str],
              span: tuple[int, int]) -> tuple[str, str]:
    kind = KINDS[mutation.kind]
    title = kind.title.format(func=mutation.func)
    before = _snippet(original, *_original_lines(mutation, original))
    if mutation.kind == "removed-guard":
        change = f"The pull request leaves `{before}` out of `{mutation.func}`."
    else:
        after = _snippet(mutant, *span)
        change = (f"In `{mutation.func}` the pull request writes `{after}` where the correct "
                  f"code is `{before}`.")
    probes = ", ".join(witnesses)
    rationale = (f"{change} {kind.explanation} On the probes' inputs the correct code and the "
                 f"pull request disagree ({probes}).")
    return title, rationale


def _try(source: Task, mutation: Mutation, revert_fails: set[str], plus_elsewhere: int,
         sandbox: Sandbox) -> tuple[str, dict[str, str], list[str], list[str]] | None:
    """Run the probes on the mutant; (mutant, outputs, differing, agreeing) if it is kept.

    `revert_fails`: the probes whose output on the source's base differs from the fix's;
    `plus_elsewhere`: the `+` lines of the PR's other files.
    """
    original = source.fixed[mutation.path]
    mutant = mutation.apply(original)
    if mutant == original:
        return None
    try:
        if ast.dump(parse_source(mutant)) == ast.dump(parse_source(original)):
            return None
        compile(mutant, mutation.path, "exec", dont_inherit=True)
    except (SyntaxError, ValueError):
        return None
    # The bug must show in the diff the reviewer reads: the issue's lines are among its + lines
    # (a mutant that turns a changed line back into the base's line would hide it).
    start, end = mutation.head_span(mutant)
    plus = pr_lines(source.base.get(mutation.path), mutant)
    if not plus & set(range(start, end + 1)):
        return None
    if plus_elsewhere + len(plus) < MIN_PLUS_LINES:
        return None
    probes_only = dataclasses.replace(source, static_checks=())
    tree = dict(source.fixed)
    tree[mutation.path] = mutant
    run = run_checks_on(probes_only, tree, sandbox, GENERATION_LIMITS)
    if run.status != "ok":
        return None
    names = probe_names(source.probes_source)
    if any("error" in json.loads(run.outputs[n]) for n in names):
        return None  # a probe that does not finish on the mutant (a loop, a crash)
    expected = source.derived.expected  # type: ignore[union-attr]
    differing = [n for n in names if run.outputs[n] != expected[n]]
    agreeing = [n for n in names if run.outputs[n] == expected[n]]
    if not differing or not agreeing:
        return None
    if not revert_fails & set(agreeing):
        return None  # reverting the PR would pass every pass-to-pass probe
    return mutant, {n: run.outputs[n] for n in names}, differing, agreeing


def _candidates(source: Task) -> tuple[list[str], dict[str, dict[str, list[Mutation]]]]:
    """Files of the source PR that the probes exercise, with their sites on lines the PR adds
    or changes (by kind)."""
    changed = pr_files(source)
    exercised = set(exercised_files(source))
    files, sites = [], {}
    for path, text in changed.items():
        if path not in exercised:
            continue
        added = pr_lines(source.base.get(path), text)
        by_kind: dict[str, list[Mutation]] = {}
        for site in find_sites(path, text):
            touched = _site_lines(site, text)
            if touched and touched <= added:
                by_kind.setdefault(site.kind, []).append(site)
        if by_kind:
            files.append(path)
            sites[path] = by_kind
    return files, sites


def generate_task(seed: int, bank: TaskBank | None = None, sandbox: Sandbox | None = None) -> Task:
    """Build the generated task for `seed` (runs the sandbox; see `generate` for the cache)."""
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise ValueError(f"seed must be a non-negative integer, not {seed!r}")
    bank = bank or get_bank()
    sandbox = sandbox or shared_sandbox()
    sources = sorted(source_tasks(bank), key=lambda t: _rendezvous(seed, t.id))
    attempts = 0
    for source in sources:
        if attempts >= MAX_ATTEMPTS:
            break
        files, sites = _candidates(source)
        if not files:
            continue
        base = _base_outputs(source, sandbox)
        if base is None:
            continue
        expected = source.derived.expected  # type: ignore[union-attr]
        revert_fails = {n for n, out in base.items() if out != expected[n]}
        if not revert_fails:
            continue  # no probe tells the PR from its base: reverting it would pass
        plus = {p: len(pr_lines(source.base.get(p), t)) for p, t in pr_files(source).items()}
        rng = random.Random(f"{seed}:{source.id}")
        tried: set[Mutation] = set()
        total = sum(len(s) for by_kind in sites.values() for s in by_kind.values())
        for _ in range(min(SITES_PER_SOURCE, total)):
            if attempts >= MAX_ATTEMPTS:
                break
            for _draw in range(32):  # a fresh site, drawn: file, then kind, then site
                path = rng.choice(files)
                kind = rng.choice(sorted(sites[path]))
                mutation = rng.choice(sites[path][kind])
                if mutation not in tried:
                    break
            else:
                break
            tried.add(mutation)
            attempts += 1
            kept = _try(source, mutation, revert_fails, sum(plus.values()) - plus[path],
                        sandbox)
            if kept is not None:
                return _build(seed, source, mutation, *kept, base)
    raise GenerationError(f"seed {seed}: no mutant told apart by the probes in {attempts} "
                          f"attempts over {len(sources)} source tasks")


def _build(seed: int, source: Task, mutation: Mutation, mutant: str, outputs: dict[str, str],
           differing: list[str], agreeing: list[str], base_outputs: dict[str, str]) -> Task:
    original = source.fixed[mutation.path]
    kind = KINDS[mutation.kind]
    span = mutation.head_span(mutant)
    title, rationale = _describe(mutation, original, mutant, differing, span)
    issue = ReferenceIssue(
        id=f"{mutation.kind}-{re.sub(r'[^a-z0-9]+', '-', mutation.func.lower()).strip('-')}",
        file=mutation.path,
        start_line=span[0],
        end_line=span[1],
        category=mutation.category or kind.category,
        severity=kind.severity,
        bug_class=kind.bug_class,
        title=title,
        rationale=rationale,
        hint=kind.hint,
        witnesses=tuple(differing),
    )
    names = probe_names(source.probes_source)
    expected = source.derived.expected  # type: ignore[union-attr]
    head_changes = pr_files(source)
    head_changes[mutation.path] = mutant
    return Task(
        id=f"gen-{seed}",
        title=source.title,
        description=source.description,
        difficulty="medium",
        split=GENERATED_SPLIT,
        base={p: t for p, t in source.base.items() if p not in source.visible_tests},
        head_changes=head_changes,
        fix_changes={mutation.path: original},
        visible_tests=dict(source.visible_tests),
        probes_source=source.probes_source,
        static_checks=(),
        issues=(issue,),
        hints=(),
        max_steps=30,
        derived=DerivedChecks(
            expected={n: expected[n] for n in names},
            head=outputs,
            fail_to_pass=tuple(differing),
            pass_to_pass=tuple(agreeing),
            base=dict(base_outputs),
        ),
        tags=("generated", f"source:{source.id}"),
    )


def _original_lines(mutation: Mutation, original: str) -> tuple[int, int]:
    edits = sorted(mutation.edits)
    first = original.count("\n", 0, edits[0][0]) + 1
    last = original.count("\n", 0, max(edits[-1][0], edits[-1][1] - 1)) + 1
    return first, last


@lru_cache(maxsize=CACHE_SIZE)
def generate(seed: int) -> Task:
    """The generated task for `seed`, from the process-wide bank and sandbox (LRU-cached).

    A cache miss runs the sandbox at least once (0.1-0.3 s per probe job on a 2-core machine,
    one job per candidate mutant). The returned Task is shared: do not mutate it.
    """
    return generate_task(seed)


def resolve_task(task_id: str) -> Task:
    """A task by id: `gen-<n>` is generated from seed n, anything else comes from the bank."""
    if task_id.startswith("gen-") and task_id[4:].isdigit():
        return generate(int(task_id[4:]))
    return get_bank().get(task_id)
