"""Evidence for a diagnosis, checked by execution: witness tests.

A finding may carry a witness test: source defining `test_*` functions (plain asserts, standard
library only), importing the project as the visible tests do. At submit it runs in the sandbox,
on four trees and then on the task's controls, all built from the task (never from the
reviewer's workspace):

    head            must fail    (the defect shows)
    head, rewritten must fail    (the defect still shows when the code's text and bytecode change)
    fix             must pass    (the reference fix removes it)
    fix, rewritten  must pass
    each control    must fail    (other code, same defects: controls.py)

A test "passes" on a tree when it defines at least one test and every test passes; anything
else (a failed assert, an exception, a timeout, a crash) is a failure. The rewrite is
behaviour-preserving: each module is re-printed from its syntax tree (comments and layout go,
line numbers move), every function body starts with a no-op global load and every `if` is
inverted (the bytecode changes). A test that recognises the file's text or bytecode instead of
its behaviour therefore fails on the rewritten fix, or passes on the rewritten head, and proves
nothing. The rewrite is public, so a test could recognise the head modulo the rewrite; the
controls catch that: they are other code with the same defects, on which a behavioural test
fails as on the head and a test of "anything but the head's code" passes. Each tree runs two
copies of the witness, in separate processes: a witness whose copies disagree (randomness,
timing) is flaky and proves nothing either. A job's wall-clock limit grows with the number of
witness files it runs, so slow witnesses cannot time out each other.

Reading a finding's witness does not need the reference: the verdict is the outcomes only.
"""

from __future__ import annotations

import ast
import dataclasses
import shutil
from dataclasses import dataclass
from functools import lru_cache

from ...models import RecordedFinding
from ..files import materialize
from ..sandbox import Sandbox
from ..syntax import parse as parse_source
from ..tasks.model import Task

WITNESS_DIR = ".witness"
TREES = ("head", "head_rewritten", "fix", "fix_rewritten")
EXPECTED = {"head": False, "head_rewritten": False, "fix": True, "fix_rewritten": True}
# A builtin that no code assigns (a local of that name would turn the load into an error):
# loading it has no effect, but it is an instruction.
_NOOP = "__build_class__"


@dataclass(frozen=True)
class WitnessVerdict:
    finding_id: int
    outcomes: dict[str, bool | None]  # tree -> passed on it (None: its copies disagreed)

    @property
    def proven(self) -> bool:
        """Every tree as expected; controls (`control_*`, see controls.py) must fail too."""
        return all(self.outcomes.get(tree) is EXPECTED[tree] for tree in TREES) and all(
            outcome is False for tree, outcome in self.outcomes.items()
            if tree.startswith("control"))


class _Rewrite(ast.NodeTransformer):
    """No-op load first in every function body; every `if` inverted (`if not c: B else: A`).

    Both preserve behaviour: a global load has no effect, and `not c` calls `bool(c)` exactly
    once, as `if c` does.
    """

    def visit_FunctionDef(self, node: ast.FunctionDef) -> ast.AST:
        self.generic_visit(node)
        docstring = ast.get_docstring(node, clean=False) is not None
        noop = ast.Expr(value=ast.Name(id=_NOOP, ctx=ast.Load()))
        node.body.insert(1 if docstring else 0, noop)
        return node

    visit_AsyncFunctionDef = visit_FunctionDef  # type: ignore[assignment]

    def visit_If(self, node: ast.If) -> ast.AST:
        self.generic_visit(node)
        return ast.If(test=ast.UnaryOp(op=ast.Not(), operand=node.test),
                      body=node.orelse or [ast.Pass()], orelse=node.body)


# A pure function of the text, and a tree's modules recur from run to run (every task of a
# real PR rewrites the same package, where re-printing took a third of validation's time).
@lru_cache(maxsize=512)
def rewrite_module(source: str) -> str:
    """The same module with other text and other bytecode (see the module docstring)."""
    try:
        tree = parse_source(source)
    except SyntaxError:
        return source
    tree = ast.fix_missing_locations(_Rewrite().visit(tree))
    return "# rewritten for a witness check\n" + ast.unparse(tree) + "\n"


def rewrite_tree(files: dict[str, str]) -> dict[str, str]:
    """Rewrite every project module; tests stay as they are."""
    return {
        path: rewrite_module(text)
        if path.endswith(".py") and not path.startswith("tests/") else text
        for path, text in files.items()
    }


COPIES = ("a", "b")


def witness_path(finding_id: int, copy: str) -> str:
    return f"{WITNESS_DIR}/finding_{finding_id}_{copy}.py"


def _passed(record: object) -> bool:
    if not isinstance(record, dict) or "tests" not in record:
        return False
    tests = record["tests"]
    return bool(tests) and all(t.get("outcome") == "passed" for t in tests)


def trees(task: Task) -> dict[str, dict[str, str]]:
    return {
        "head": task.head,
        "head_rewritten": rewrite_tree(task.head),
        "fix": task.fixed,
        "fix_rewritten": rewrite_tree(task.fixed),
    }


def _run_on(tree: dict[str, str], tests: dict[str, str], witnessed: list[RecordedFinding],
            sandbox: Sandbox) -> dict[int, bool | None]:
    """Each witness's outcome on one tree: passed, failed, or None when its copies disagree."""
    root = materialize({**tree, **tests})
    limits = dataclasses.replace(sandbox.limits, wall_s=max(
        sandbox.limits.wall_s, len(tests) * sandbox.limits.item_timeout_s + 10.0))
    try:
        job = sandbox.run(root, {"mode": "tests", "files": sorted(tests)}, limits)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    out: dict[int, bool | None] = {}
    for finding in witnessed:
        copies = {_passed(job.results.get(witness_path(finding.id, copy)))
                  if job.status == "ok" else False for copy in COPIES}
        out[finding.id] = copies.pop() if len(copies) == 1 else None
    return out


def _witness_tests(findings: list[RecordedFinding]) -> dict[str, str]:
    """Each finding's witness test, in each of its copies' paths."""
    return {witness_path(f.id, copy): f.witness_test or "" for f in findings for copy in COPIES}


def _run_controls(task: Task, candidates: list[RecordedFinding],
                  outcomes: dict[int, dict[str, bool | None]], sandbox: Sandbox) -> None:
    """The candidates' witnesses on the task's controls, recorded as control_1, control_2..."""
    from .controls import control_trees  # controls use the generator, which uses grading

    tests = _witness_tests(candidates)
    for number, tree in enumerate(control_trees(task, sandbox), 1):
        for fid, outcome in _run_on(tree, tests, candidates, sandbox).items():
            outcomes[fid][f"control_{number}"] = outcome


def judge_witnesses(task: Task, findings: list[RecordedFinding], sandbox: Sandbox
                    ) -> dict[int, WitnessVerdict]:
    """Run every finding's witness test on the four trees, one sandbox job per tree; then the
    witnesses that behaved as expected on all four, on the task's controls (controls.py)."""
    witnessed = [f for f in findings if f.witness_test]
    if not witnessed or task.clean:  # a clean PR has no fix for a witness to pass on
        return {}
    tests = _witness_tests(witnessed)
    outcomes: dict[int, dict[str, bool | None]] = {f.id: {} for f in witnessed}
    for name, tree in trees(task).items():
        for fid, outcome in _run_on(tree, tests, witnessed, sandbox).items():
            outcomes[fid][name] = outcome
    candidates = [f for f in witnessed
                  if all(outcomes[f.id].get(tree) is EXPECTED[tree] for tree in TREES)]
    if candidates:
        _run_controls(task, candidates, outcomes, sandbox)
    return {fid: WitnessVerdict(fid, result) for fid, result in outcomes.items()}
