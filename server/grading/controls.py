"""Negative controls for witness tests: the head with a real defect-free change elsewhere.

A control is the head with one generator-style mutation (an operator, a bound, a condition: see
tasks/generator.py) in a changed file, away from every reference issue's statements, that
leaves every fail-to-pass probe at the head's output: the defects are all still there, exactly
as the probes see them on the head (whether other probes notice the change does not matter: what
a control must be is other code with the same defects). A behavioural witness of a defect therefore
fails on a control as it does on the head; a test that merely recognises "not the head's code"
(however it normalises the grader's published rewrite) passes on it, and proves nothing.

Where the generator finds no such site, or for the second control, the change is an assignment
to an unused local inserted first in a function (a name and value of the task's own): the same
behaviour, other code. Controls are chosen deterministically, nearest to the issues first (a
test that recognises one region of the code is caught by a change next to the defect), and
computed once per task and process, only when some witness has passed every other tree: most
submits never pay for them.
"""

from __future__ import annotations

import ast
import dataclasses
import hashlib
import json

from ..once import once
from ..sandbox import Limits, Sandbox
from ..syntax import parse as parse_source
from ..tasks.model import Task
from .checks import run_checks_on
from .localisation import issue_anchors

CONTROLS = 2
MAX_CANDIDATES = 4  # mutations tried, nearest first, before settling for insertions
LIMITS = Limits(wall_s=8.0, item_timeout_s=2.0)
# The mutation kinds a control may use: local edits of an operator, a bound or a condition (the
# kinds the generator had when controls were designed, and the slice bounds split from them).
# Later kinds that restructure code (a `with`, a `try`), drop an argument or change a signature
# stay out, so that the controls, and what a witness is judged on, stay as they were.
CONTROL_KINDS = frozenset({
    "compare-boundary", "compare-negation", "arithmetic-operator", "integer-division",
    "constant-off-by-one", "bound-off-by-one", "slice-off-by-one", "inverted-condition",
    "removed-guard", "swapped-arguments", "boolean-operator", "min-max", "return-flip",
})


def _candidates(task: Task) -> list[tuple[int, str, object]]:
    from ..tasks.generator import find_sites  # the generator imports grading: import late

    statements = [a for issue in task.issues
                  for a in issue_anchors(issue, task.head, task.added_lines) if not a.coarse]
    out = []
    for path in task.changed_files:
        if not path.endswith(".py"):
            continue
        text = task.head[path]
        for site in find_sites(path, text, kinds=CONTROL_KINDS):
            mutant = site.apply(text)
            start, end = site.head_span(mutant)
            near = [a for a in statements if a.file == path]
            if any(start <= a.end + 1 and end >= a.start - 1 for a in near):
                continue  # the defect's own statements (and their neighbours) stay as they are
            distance = min((abs(start - a.start) for a in near), default=10**6)
            out.append((distance, path, site))
    out.sort(key=lambda item: (item[0], item[1], item[2].edits))  # type: ignore[attr-defined]
    return out


def _inserted(task: Task) -> list[tuple[int, str, str]]:
    """Behaviour-preserving controls that always exist: an assignment to an unused local, with a
    name and value of the task's own, first in a function body (after its docstring); functions
    nearest to the issues first."""
    lines = [(i.file, i.start_line) for i in task.issues]
    out = []
    for path in task.changed_files:
        if not path.endswith(".py"):
            continue
        text = task.head[path]
        try:
            tree = parse_source(text)
        except SyntaxError:
            continue
        for node in ast.walk(tree):
            if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            distance = min((abs(node.lineno - line) for file, line in lines if file == path),
                           default=10**6)
            out.append((distance, path, node.name, node.lineno))
    out.sort()
    controls = []
    for number, (distance, path, name, lineno) in enumerate(out):
        digest = hashlib.sha256(f"{task.id}:{path}:{name}:{lineno}".encode()).hexdigest()
        tree = parse_source(task.head[path])
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.lineno == lineno:
                at = 1 if ast.get_docstring(node, clean=False) is not None else 0
                node.body.insert(at, parse_source(
                    f"_{digest[:6]} = {int(digest[6:12], 16)}").body[0])
        controls.append((distance, path, ast.unparse(ast.fix_missing_locations(tree)) + "\n"))
        if number >= MAX_CANDIDATES:
            break
    return controls


def _keeps_the_defects(task: Task, tree: dict[str, str], f2p: list[str], sandbox: Sandbox
                       ) -> bool:
    """Every probe finishes on the tree and every fail-to-pass probe gives the head's output."""
    derived = task.derived
    assert derived is not None
    run = run_checks_on(task, tree, sandbox, LIMITS)
    if run.status != "ok":
        return False
    outputs = {c: o for c, o in run.outputs.items() if c in derived.head}
    if any("error" in json.loads(o) for o in outputs.values()):
        return False
    return all(outputs.get(c) == derived.head[c] for c in f2p)


def control_trees(task: Task, sandbox: Sandbox) -> list[dict[str, str]]:
    """Up to CONTROLS control trees of the task (cached per task and process): one real
    mutation near the defects when there is one, then inserted assignments."""
    return _control_trees(task, sandbox)


@once(maxsize=4096, key=lambda task, sandbox: (
    task.id, hash(tuple(sorted(task.head_changes.items())))))
def _control_trees(task: Task, sandbox: Sandbox) -> list[dict[str, str]]:
    derived = task.derived
    controls: list[dict[str, str]] = []
    if derived is not None and task.issues:
        static = {check.id for check in task.static_checks}
        f2p = [c for c in derived.fail_to_pass if c not in static]
        probes_only = dataclasses.replace(task, static_checks=())
        for _, path, site in _candidates(task)[:MAX_CANDIDATES]:
            tree = {**task.head, path: site.apply(task.head[path])}  # type: ignore[attr-defined]
            if _keeps_the_defects(probes_only, tree, f2p, sandbox):
                controls.append(tree)
                break  # one real mutation; the other controls are insertions
        # An assignment to a fresh unused local changes no behaviour: no probe run needed.
        for _, path, text in _inserted(task)[:CONTROLS - len(controls)]:
            controls.append({**task.head, path: text})
    return controls
