"""Alert rules, as written by users in the monitoring UI.

A rules file holds one rule per line, `name: condition`; blank lines and lines starting with
`#` are ignored. A condition is a Python-style boolean expression over metric names and
numbers: comparisons combined with `and`, `or`, `not` and parentheses, e.g.
`disk_used_pct > 85 and (inode_used_pct > 70 or not backups_ok)`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import CodeType

_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
_NO_BUILTINS: dict[str, object] = {"__builtins__": {}}


class RuleError(ValueError):
    """A rule cannot be parsed."""


@dataclass(frozen=True)
class Rule:
    name: str
    condition: str
    code: CodeType = field(repr=False, compare=False)


def parse_rule(line: str) -> Rule:
    """Parse one `name: condition` line; the condition is compiled once, here."""
    name, sep, condition = line.partition(":")
    name, condition = name.strip(), condition.strip()
    if not sep or not _NAME.match(name):
        raise RuleError(f"expected 'name: condition', got {line!r}")
    try:
        code = compile(condition, f"<rule {name}>", "eval")
    except SyntaxError as exc:
        raise RuleError(f"rule {name}: cannot parse condition {condition!r}") from exc
    return Rule(name, condition, code)


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
        return bool(eval(rule.code, _NO_BUILTINS, dict(metrics)))
    except NameError:
        return False


def firing(rules: Iterable[Rule], metrics: Mapping[str, float]) -> list[str]:
    """Names of the rules that fire on `metrics`, in rule order."""
    return [rule.name for rule in rules if evaluate(rule, metrics)]
