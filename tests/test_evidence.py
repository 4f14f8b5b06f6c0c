"""Evidence checked by execution: witness tests, the behaviour-preserving rewrite, and static
witnesses that suppression comments cannot pass."""

from __future__ import annotations

import ast
import hashlib
import shutil

import pytest

from python_env.models import Finding, PythonAction, RecordedFinding
from python_env.server.analysis import analyse
from python_env.server.files import materialize
from python_env.server.grading.checks import run_checks
from python_env.server.grading.evidence import judge_witnesses, rewrite_module
from python_env.server.python_env_environment import PythonEnvironment
from python_env.server.sandbox import shared_sandbox
from python_env.server.syntax import parse as parse_source
from python_env.server.tasks.loader import get_bank

from .conftest import EXAMPLE_TASK, all_tasks

PATH = "shop/pagination.py"
BEHAVIOURAL = """
from shop.pagination import paginate


def test_the_last_page_has_no_next():
    assert not paginate(list(range(10)), page=1, per_page=10).has_next


def test_an_earlier_page_has_one():
    assert paginate(list(range(30)), page=2, per_page=10).has_next
"""


def _head_text() -> str:
    return get_bank().get(EXAMPLE_TASK).head[PATH]


def _text_detector() -> str:
    digest = hashlib.sha256(_head_text().encode()).hexdigest()
    return f"""
import hashlib

import shop.pagination


def test_not_the_head():
    with open(shop.pagination.__file__, "rb") as handle:
        assert hashlib.sha256(handle.read()).hexdigest() != {digest!r}
"""


def _bytecode_detector() -> str:
    namespace: dict = {}
    exec(compile(_head_text(), PATH, "exec"), namespace)
    code = namespace["Page"].has_next.fget.__code__.co_code
    return f"""
from shop.pagination import Page


def test_not_the_head_bytecode():
    assert Page.has_next.fget.__code__.co_code != {code!r}
"""


FLAKY = """
def test_depends_on_which_copy_runs():
    assert __file__.endswith("_a.py")
"""
BROKEN = """
from shop.pagination import no_such_name


def test_never_runs():
    assert no_such_name
"""


def _verdicts(task_id: str, witnesses: list[str]):
    task = get_bank().get(task_id)
    findings = [RecordedFinding(id=i, file=PATH, line=19, category="bug", severity="major",
                                title="t", witness_test=w) for i, w in enumerate(witnesses)]
    return judge_witnesses(task, findings, shared_sandbox())


def test_only_a_behavioural_witness_proves_a_finding():
    verdicts = _verdicts(EXAMPLE_TASK, [BEHAVIOURAL, _text_detector(), _bytecode_detector(),
                                        FLAKY, BROKEN])
    assert verdicts[0].proven
    assert verdicts[0].outcomes == {"head": False, "head_rewritten": False, "fix": True,
                                    "fix_rewritten": True, "control_1": False,
                                    "control_2": False}
    text, bytecode, flaky, broken = (verdicts[i] for i in range(1, 5))
    assert text.outcomes["head"] is False and text.outcomes["fix"] is True
    assert text.outcomes["head_rewritten"] is True and not text.proven  # caught by the rewrite
    assert bytecode.outcomes["head"] is False and bytecode.outcomes["head_rewritten"] is True
    assert not bytecode.proven
    assert set(flaky.outcomes.values()) == {None} and not flaky.proven
    assert set(broken.outcomes.values()) == {False} and not broken.proven


@pytest.mark.parametrize("task_id", [EXAMPLE_TASK, "semver-prerelease-precedence",
                                     "catalog-event-invalidation", "gen-3"])
def test_a_witness_that_recognises_the_head_modulo_the_rewrite_is_caught_by_the_controls(
        task_id):
    """Such a test fails on the head and its rewrite and passes on the fix, like a behavioural
    one: only other code with the same defects (a control) tells them apart."""
    from python_env.server.tasks.generator import resolve_task

    from .canaries import decoy_aware_witness, normalising_witness, rewrite_hash_witness

    task = resolve_task(task_id)
    witnesses = [make(dict(task.head), task.changed_files)
                 for make in (normalising_witness, rewrite_hash_witness, decoy_aware_witness)]
    findings = [RecordedFinding(id=i, file=task.issues[0].file, line=task.issues[0].start_line,
                                category="bug", severity="major", title="t", witness_test=w)
                for i, w in enumerate(witnesses)]
    for verdict in judge_witnesses(task, findings, shared_sandbox()).values():
        outcomes = verdict.outcomes
        assert {k: outcomes[k] for k in ("head", "head_rewritten", "fix", "fix_rewritten")} == {
            "head": False, "head_rewritten": False, "fix": True, "fix_rewritten": True}
        controls = [v for k, v in outcomes.items() if k.startswith("control")]
        assert len(controls) == 2 and all(controls) and not verdict.proven


# ------------------------------------------------------------------ the rewrite
def test_the_rewrite_changes_text_and_bytecode_not_behaviour():
    source = _head_text()
    rewritten = rewrite_module(source)
    assert rewritten != source and ast.dump(parse_source(rewritten)) != ast.dump(parse_source(source))
    before: dict = {}
    after: dict = {}
    exec(compile(source, PATH, "exec"), before)
    exec(compile(rewritten, PATH, "exec"), after)
    assert (before["Page"].has_next.fget.__code__.co_code
            != after["Page"].has_next.fget.__code__.co_code)
    for items, page, per_page in [(range(10), 1, 10), (range(30), 2, 10), (range(0), 1, 5)]:
        a = before["paginate"](list(items), page=page, per_page=per_page)
        b = after["paginate"](list(items), page=page, per_page=per_page)
        assert (a.items, a.pages, a.has_next) == (b.items, b.pages, b.has_next)


# ------------------------------------------------------------------ suppression
STATIC_TASKS = [t for t in all_tasks() if t.static_checks and t.derived is not None]


@pytest.mark.parametrize("task", STATIC_TASKS, ids=lambda t: t.id)
def test_suppression_comments_do_not_pass_a_static_witness(task):
    """Add `# noqa` / `# nosec` on every flagged line and `# ruff: noqa` on top of each
    witnessed file: the grader's static checks still fire as they do on the head."""
    files = sorted({check.file for check in task.static_checks})
    root = materialize(dict(task.head))
    try:
        flagged: dict[str, set[int]] = {}
        for d in analyse(root, files):
            flagged.setdefault(d.file, set()).add(d.line)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    tree = dict(task.head)
    for path in files:
        lines = tree[path].splitlines()
        for number in flagged.get(path, ()):
            lines[number - 1] += "  # noqa  # nosec"
        tree[path] = "# ruff: noqa\n" + "\n".join(lines) + "\n"
    root = materialize(tree)
    try:
        assert not analyse(root, files), "the comments do silence the reviewer's analysers"
        run = run_checks(task, root, shared_sandbox())
    finally:
        shutil.rmtree(root, ignore_errors=True)
    for check in task.static_checks:
        assert run.outputs[check.id] == task.derived.head[check.id], check.id


def test_a_review_carries_a_bounded_number_of_witnesses():
    from python_env.server.actions import MAX_WITNESSES

    env = PythonEnvironment()
    try:
        env.reset(task_id=EXAMPLE_TASK)
        errors = [env.step(PythonAction(action_type="add_finding", finding=Finding(
            file=PATH, line=19, category="bug", severity="minor", title=f"t{i}",
            witness_test=BEHAVIOURAL))).last_action_error for i in range(MAX_WITNESSES + 1)]
        plain = env.step(PythonAction(action_type="add_finding", finding=Finding(
            file=PATH, line=19, category="bug", severity="minor", title="no witness")))
    finally:
        env.close()
    assert errors[:MAX_WITNESSES] == [None] * MAX_WITNESSES
    assert "at most" in errors[-1] and plain.last_action_error is None
    assert len(plain.findings) == MAX_WITNESSES + 1
