"""Alert rules, as written by users in the monitoring UI.

A rules file holds one rule per line, `name: condition`; blank lines and lines starting with
`#` are ignored. A condition compares one metric with a number, e.g. `cpu_pct > 90`.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
_CONDITION = re.compile(r"^\s*([a-z][a-z0-9_]*)\s*(<=|>=|==|!=|<|>)\s*(-?\d+(?:\.\d+)?)\s*$")
_OPERATORS: dict[str, Callable[[float, float], bool]] = {
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
    "==": operator.eq,
    "!=": operator.ne,
}


class RuleError(ValueError):
    """A rule cannot be parsed."""


@dataclass(frozen=True)
class Rule:
    name: str
    condition: str
    metric: str
    op: str
    threshold: float


def parse_rule(line: str) -> Rule:
    """Parse one `name: condition` line."""
    name, sep, condition = line.partition(":")
    name, condition = name.strip(), condition.strip()
    if not sep or not _NAME.match(name):
        raise RuleError(f"expected 'name: condition', got {line!r}")
    match = _CONDITION.match(condition)
    if match is None:
        raise RuleError(f"rule {name}: cannot parse condition {condition!r}")
    metric, op, threshold = match.groups()
    return Rule(name, condition, metric, op, float(threshold))


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
    if rule.metric not in metrics:
        return False
    return _OPERATORS[rule.op](metrics[rule.metric], rule.threshold)


def firing(rules: Iterable[Rule], metrics: Mapping[str, float]) -> list[str]:
    """Names of the rules that fire on `metrics`, in rule order."""
    return [rule.name for rule in rules if evaluate(rule, metrics)]
