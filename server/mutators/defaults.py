"""Signature slips: a default value changed, a fresh mutable default turned into a shared one."""

from __future__ import annotations

from collections.abc import Iterator

import libcst as cst

from .base import Mutator, Rewrite, Source, call_name, int_value, rewrite
from .conditions import only_statement

_FRESH = (cst.List, cst.Dict, cst.Set)


def _params(node: cst.FunctionDef) -> list[cst.Param]:
    p = node.params
    return [*p.posonly_params, *p.params, *p.kwonly_params]


class WrongDefault(Mutator):
    name = "wrong-default"
    bug_class = "api-contract"
    category = "api_contract"
    title = "`{func}` has the wrong default for a parameter"
    explanation = ("A parameter's default value changed, so every caller that leaves the "
                   "argument out gets a different behaviour than documented.")
    hint = "Check each default in the changed signature against what callers expect."
    applies_to = (cst.FunctionDef,)

    def rewrites(self, node: cst.FunctionDef, src: Source) -> Iterator[Rewrite]:
        for param in _params(node):
            default = param.default
            if isinstance(default, cst.Name) and default.value in ("True", "False"):
                yield rewrite(src.replace(default, "False" if default.value == "True" else "True"))
            elif default is not None and (value := int_value(default)) is not None:
                for new in (value + 1, value - 1):
                    if new >= 0:
                        yield rewrite(src.replace(default, str(new)))


def _fresh_value(stmt: cst.BaseSmallStatement | None, name: str) -> cst.BaseExpression | None:
    """`name = []` (or {}, set(), list(), dict()): the fresh value assigned, if so."""
    if not (isinstance(stmt, cst.Assign) and len(stmt.targets) == 1
            and isinstance(stmt.targets[0].target, cst.Name)
            and stmt.targets[0].target.value == name):
        return None
    value = stmt.value
    if isinstance(value, _FRESH) or (
            isinstance(value, cst.Call) and isinstance(value.func, cst.Name)
            and call_name(value) in ("list", "dict", "set") and not value.args):
        return value
    return None


class SharedMutableDefault(Mutator):
    name = "shared-mutable-default"
    bug_class = "mutable-default"
    title = "`{func}` shares one mutable default between calls"
    explanation = ("A `None` default with a fresh container made per call became the container "
                   "itself as the default, so every call that omits it shares and mutates one "
                   "object.")
    hint = ("Call the changed function twice without the optional argument: is the second call "
            "independent of the first?")
    applies_to = (cst.FunctionDef,)

    def rewrites(self, node: cst.FunctionDef, src: Source) -> Iterator[Rewrite]:
        if not isinstance(node.body, cst.IndentedBlock):
            return
        for param in _params(node):
            if not (isinstance(param.default, cst.Name) and param.default.value == "None"):
                continue
            name = param.name.value
            for stmt in node.body.body:
                if not (isinstance(stmt, cst.If) and stmt.orelse is None
                        and _is_none_test(stmt.test, name)):
                    continue
                value = _fresh_value(only_statement(stmt.body), name)
                removal = src.statement_removal(stmt) if value is not None else None
                if value is not None and removal is not None:
                    yield rewrite(src.replace(param.default, src.segment(value)), removal)
                break


def _is_none_test(test: cst.BaseExpression, name: str) -> bool:
    return (isinstance(test, cst.Comparison) and isinstance(test.left, cst.Name)
            and test.left.value == name and len(test.comparisons) == 1
            and isinstance(test.comparisons[0].operator, cst.Is)
            and isinstance(test.comparisons[0].comparator, cst.Name)
            and test.comparisons[0].comparator.value == "None")
