"""Splitting a probes file into one unit per probe (host side: the sandbox never sees the file).

A unit is the source a probe needs to run, and nothing else of the file: the one `check_*`
function, plus the file's module-level statements it depends on. Code under review runs in the
same process as its probe and can read whatever that process holds, so each process gets its
own probe's unit only (see sandbox/runner/): the text, names and constants of the other probes
never reach it.

Which module-level statements a unit keeps:
- a *pure definition* (it can do nothing but bind names: an undecorated function whose defaults
  are literals, a plain class deriving from builtins only and holding such definitions, an
  assignment of a literal to plain names, a docstring) is kept only when the probe needs one of
  the names it binds, directly or through other kept statements (other `check_*` functions are
  always treated as such definitions, decorated or not);
- anything else (imports, calls, assignments from calls, classes deriving from imported classes,
  decorated helpers, `if`/`try` blocks...) may have effects the probe relies on, so every unit
  keeps it, as the whole file used to run it;
- a probe that uses `globals`, `eval` or `exec` gets every statement but the other probes.

Kept statements keep their text and order; the lines in between (comments, the other probes)
are dropped, so line numbers do not reveal where the probe sits in the file. Outputs do not
depend on that: a probe's result holds values and exception type names only.
"""

from __future__ import annotations

import ast
import builtins
from dataclasses import dataclass, field
from functools import lru_cache

from .syntax import compile_tree
from .syntax import parse as parse_source

_DYNAMIC = frozenset({"globals", "eval", "exec"})
_BUILTIN_NAMES = frozenset(dir(builtins))


def _pure_expr(node: ast.expr | None) -> bool:
    """An expression whose evaluation cannot run code: literals, names, lambdas."""
    if node is None or isinstance(node, ast.Constant | ast.Name):
        return True
    if isinstance(node, ast.Lambda):  # its body runs later, its defaults now
        return all(_pure_expr(d) for d in [*node.args.defaults, *node.args.kw_defaults])
    if isinstance(node, ast.Tuple | ast.List | ast.Set):
        return all(_pure_expr(e) for e in node.elts)
    if isinstance(node, ast.Dict):
        return all(_pure_expr(k) and _pure_expr(v)
                   for k, v in zip(node.keys, node.values, strict=True))
    if isinstance(node, ast.UnaryOp):
        return isinstance(node.operand, ast.Constant)
    if isinstance(node, ast.BinOp):
        return isinstance(node.left, ast.Constant) and isinstance(node.right, ast.Constant)
    return False


def _target_names(target: ast.expr) -> set[str] | None:
    if isinstance(target, ast.Name):
        return {target.id}
    if isinstance(target, ast.Tuple | ast.List):
        return _targets_names(target.elts)
    return None  # an attribute or a subscript: a mutation, not a definition


def _targets_names(targets: list[ast.expr]) -> set[str] | None:
    """The names all the targets bind, or None when one of them is not a plain name."""
    names: set[str] = set()
    for target in targets:
        found = _target_names(target)
        if found is None:
            return None
        names |= found
    return names


def _pure_function(node: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    args = node.args
    return not node.decorator_list and all(
        _pure_expr(d) for d in [*args.defaults, *args.kw_defaults])


def _pure_class_body(body: list[ast.stmt]) -> bool:
    return all(_binds(stmt, frozenset(), frozenset()) is not None for stmt in body)


def _pure_class(node: ast.ClassDef, rebound: frozenset[str]) -> bool:
    """Undecorated, deriving from builtins only (not rebound by the file), holding only pure
    definitions."""
    plain_bases = all(isinstance(b, ast.Name) and b.id in _BUILTIN_NAMES and b.id not in rebound
                      for b in node.bases)
    return not node.decorator_list and not node.keywords and plain_bases \
        and _pure_class_body(node.body)


def _binds(stmt: ast.stmt, probes: frozenset[str], rebound: frozenset[str]) -> set[str] | None:
    """The names a pure definition binds, or None when the statement may do anything else."""
    if isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef):
        pure = stmt.name in probes or _pure_function(stmt)
        return {stmt.name} if pure else None
    if isinstance(stmt, ast.ClassDef):
        pure = stmt.name in probes or _pure_class(stmt, rebound)
        return {stmt.name} if pure else None
    if isinstance(stmt, ast.Assign):
        return _targets_names(stmt.targets) if _pure_expr(stmt.value) else None
    if isinstance(stmt, ast.AnnAssign):
        target = stmt.target
        return {target.id} if isinstance(target, ast.Name) and _pure_expr(stmt.value) else None
    if isinstance(stmt, ast.Pass) or (isinstance(stmt, ast.Expr)
                                      and isinstance(stmt.value, ast.Constant)):
        return set()  # a docstring, a pass
    return None


def _uses(stmts: list[ast.stmt]) -> set[str]:
    names: set[str] = set()
    for stmt in stmts:
        for node in ast.walk(stmt):
            if isinstance(node, ast.Name):
                names.add(node.id)
            elif isinstance(node, ast.Global | ast.Nonlocal):
                names.update(node.names)
    return names


def _bound_anywhere(tree: ast.Module) -> frozenset[str]:
    names = set()
    for stmt in tree.body:
        for node in ast.walk(stmt):
            if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                names.add(node.id)
            elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                names.add(node.name)
            elif isinstance(node, ast.alias):
                names.add((node.asname or node.name).split(".")[0])
    return frozenset(names)


@dataclass
class _Group:
    """Top-level statements sharing lines (`a = 1; b = f()`): kept or dropped together."""

    first: int
    last: int
    stmts: list[ast.stmt]
    pure: bool = True  # only pure definitions: kept when a unit needs a name they bind
    binds: set[str] = field(default_factory=set)
    uses: set[str] = field(default_factory=set)


def _groups(tree: ast.Module, probes: frozenset[str]) -> list[_Group]:
    groups: list[_Group] = []
    for stmt in tree.body:
        first = min([stmt.lineno, *(d.lineno for d in getattr(stmt, "decorator_list", ()))])
        last = stmt.end_lineno or stmt.lineno
        if groups and first <= groups[-1].last:
            groups[-1].stmts.append(stmt)
            groups[-1].last = max(groups[-1].last, last)
        else:
            groups.append(_Group(first, last, [stmt]))
    rebound = _bound_anywhere(tree)
    for group in groups:
        binds = [_binds(s, probes, rebound) for s in group.stmts]
        group.pure = None not in binds
        group.binds = set().union(*(b for b in binds if b is not None))
        group.uses = _uses(group.stmts)
    return groups


def _kept(groups: list[_Group], name: str, probes: frozenset[str]) -> list[bool]:
    """Which groups the unit of probe `name` keeps: every impure group, and the definitions
    that those and the probe need, to a fixed point."""
    kept = [not g.pure for g in groups]
    needed = {name}.union(*(g.uses for g, keep in zip(groups, kept, strict=True) if keep))
    changed = True
    while changed:
        changed = False
        for i, group in enumerate(groups):
            if not kept[i] and group.binds & needed:
                kept[i] = changed = True
                needed |= group.uses
    if needed & _DYNAMIC:  # names looked up at run time: every statement but other probes
        others = probes - {name}
        kept = [k or (bool(g.binds) and not g.binds & others)
                for g, k in zip(groups, kept, strict=True)]
    return kept


def _text(groups: list[_Group], kept: list[bool], lines: list[str]) -> str:
    text = []
    for group, keep in zip(groups, kept, strict=True):
        if keep:
            chunk = "".join(lines[group.first - 1:group.last])
            text.append(chunk if chunk.endswith("\n") else chunk + "\n")
    return "".join(text)


@lru_cache(maxsize=256)
def probe_units(source: str, names: tuple[str, ...]) -> tuple[str, ...]:
    """One unit per name in `names` (in order). Raises SyntaxError when the file does not
    compile: a unit of a broken file would not either."""
    tree = parse_source(source, "<probes>")
    compile_tree(tree, "<probes>")
    lines = source.splitlines(keepends=True)
    probes = frozenset(n.name for n in tree.body
                       if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)
                       and (n.name.startswith("check_") or n.name in names))
    groups = _groups(tree, probes)
    return tuple(_text(groups, _kept(groups, name, probes), lines) for name in names)


OPAQUE_NAME = "probe"


class _Rename(ast.NodeTransformer):
    def __init__(self, old: str) -> None:
        self.old = old

    def visit_Name(self, node: ast.Name) -> ast.Name:
        if node.id == self.old:
            node.id = OPAQUE_NAME
        return node


def opaque(unit: str, name: str) -> str:
    """The unit as the code under review may see it from its frames: the probe's function is
    named OPAQUE_NAME (its own name says what it checks) and has no docstring, and comments and
    layout are gone (re-printed from the syntax tree)."""
    tree = parse_source(unit, "<probes>")
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name == name:
            node.name = OPAQUE_NAME
            if ast.get_docstring(node, clean=False) is not None:
                node.body = node.body[1:] or [ast.Pass()]
    return ast.unparse(ast.fix_missing_locations(_Rename(name).visit(tree))) + "\n"
