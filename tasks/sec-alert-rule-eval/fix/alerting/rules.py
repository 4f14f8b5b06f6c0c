"""Alert rules, as written by users in the monitoring UI.

A rules file holds one rule per line, `name: condition`; blank lines and lines starting with
`#` are ignored. A condition is a Python-style boolean expression over metric names and
numbers: comparisons combined with `and`, `or`, `not` and parentheses, e.g.
`disk_used_pct > 85 and (inode_used_pct > 70 or not backups_ok)`.
"""

from __future__ import annotations

import ast
import operator
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
_COMPARISONS = {
    ast.Lt: operator.lt,
    ast.LtE: operator.le,
    ast.Gt: operator.gt,
    ast.GtE: operator.ge,
    ast.Eq: operator.eq,
    ast.NotEq: operator.ne,
}
_ALLOWED_NODES = (
    ast.Expression, ast.BoolOp, ast.And, ast.Or, ast.UnaryOp, ast.Not, ast.USub,
    ast.Compare, ast.Name, ast.Load, ast.Constant, *_COMPARISONS,
)


class RuleError(ValueError):
    """A rule cannot be parsed."""


@dataclass(frozen=True)
class Rule:
    name: str
    condition: str
    code: ast.Expression = field(repr=False, compare=False)


def _check(name: str, tree: ast.Expression) -> None:
    for node in ast.walk(tree):
        if not isinstance(node, _ALLOWED_NODES):
            raise RuleError(f"rule {name}: {type(node).__name__} is not allowed in a condition")
        if isinstance(node, ast.Constant) and not isinstance(node.value, (int, float)):
            raise RuleError(f"rule {name}: only numbers may appear as constants")


def _eval(node: ast.AST, metrics: Mapping[str, float]) -> float | bool:
    if isinstance(node, ast.Expression):
        return _eval(node.body, metrics)
    if isinstance(node, ast.Constant):
        return node.value
    if isinstance(node, ast.Name):
        if node.id not in metrics:
            raise NameError(node.id)
        return metrics[node.id]
    if isinstance(node, ast.UnaryOp):
        value = _eval(node.operand, metrics)
        return (not value) if isinstance(node.op, ast.Not) else -value
    if isinstance(node, ast.BoolOp):
        values = (bool(_eval(v, metrics)) for v in node.values)
        return all(values) if isinstance(node.op, ast.And) else any(values)
    if isinstance(node, ast.Compare):
        left = _eval(node.left, metrics)
        for op, comparator in zip(node.ops, node.comparators, strict=True):
            right = _eval(comparator, metrics)
            if not _COMPARISONS[type(op)](left, right):
                return False
            left = right
        return True
    raise RuleError(f"unsupported expression: {type(node).__name__}")


def parse_rule(line: str) -> Rule:
    """Parse one `name: condition` line; the condition is parsed and checked once, here."""
    name, sep, condition = line.partition(":")
    name, condition = name.strip(), condition.strip()
    if not sep or not _NAME.match(name):
        raise RuleError(f"expected 'name: condition', got {line!r}")
    try:
        tree = ast.parse(condition, f"<rule {name}>", mode="eval")
    except SyntaxError as exc:
        raise RuleError(f"rule {name}: cannot parse condition {condition!r}") from exc
    _check(name, tree)
    return Rule(name, condition, tree)


def load_rules(lines: Iterable[str]) -> list[Rule]:
    """Parse a rules file; names must be unique."""
    rules: dict[str, Rule] = {}
    for raw in lines:
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        rule = parse_rule(line)
        if rule.name in rules:
            raise RuleError(f"duplicate rule name {rule.name!r}")
        rules[rule.name] = rule
    return list(rules.values())


def evaluate(rule: Rule, metrics: Mapping[str, float]) -> bool:
    """Whether `rule` fires on a metrics snapshot; a metric not reported yet never fires."""
    try:
        return bool(_eval(rule.code, metrics))
    except NameError:
        return False


def firing(rules: Iterable[Rule], metrics: Mapping[str, float]) -> list[str]:
    """Names of the rules that fire on `metrics`, in rule order."""
    return [rule.name for rule in rules if evaluate(rule, metrics)]
