"""The task generator: a curated PR with a seeded defect injected in the code the PR adds,
kept only when the probes tell and reverting the PR does not pass."""

from __future__ import annotations

import dataclasses
import difflib
import json
import shutil
from concurrent.futures import ThreadPoolExecutor

import pytest

from python_env.models import PythonAction
from python_env.server.files import materialize
from python_env.server.grading.checks import run_checks
from python_env.server.python_env_environment import PythonEnvironment
from python_env.server.sandbox import shared_sandbox
from python_env.server.syntax import parse as parse_source
from python_env.server.tasks.generator import (
    GENERATED_SPLIT,
    KINDS,
    MIN_PLUS_LINES,
    generate,
    generate_task,
    pr_lines,
)
from python_env.server.tasks.loader import get_bank
from python_env.server.tasks.model import Task, probe_names
from python_env.server.tasks.validate import derive

from .shortcuts import changed_head_lines, flag_every_added_line, oracle_score, revert_score

SEEDS = range(20)
FLOOR = 0.05

@pytest.fixture(scope="module")
def generated() -> dict[int, Task]:
    with ThreadPoolExecutor(2) as pool:  # the sandbox has a slot per core
        return dict(zip(SEEDS, pool.map(generate, SEEDS), strict=True))


@pytest.fixture(scope="module")
def reruns(generated) -> dict[int, tuple[dict[str, str], dict[str, str]]]:
    """The probes run again on each generated task's fix and head trees."""

    def run(tree: dict[str, str], task: Task) -> dict[str, str]:
        root = materialize(tree)
        try:
            result = run_checks(task, root, shared_sandbox())
        finally:
            shutil.rmtree(root, ignore_errors=True)
        assert result.status == "ok", (task.id, result.detail)
        return result.outputs

    with ThreadPoolExecutor(2) as pool:
        fixes = pool.map(lambda t: run(t.fixed, t), generated.values())
        heads = pool.map(lambda t: run(t.head, t), generated.values())
        return dict(zip(SEEDS, zip(fixes, heads, strict=True), strict=True))


def _fields(task: Task) -> tuple:
    return (task.id, task.title, task.description, task.difficulty, task.split, task.base,
            task.head_changes, task.fix_changes, task.visible_tests, task.probes_source,
            task.static_checks, task.issues, task.hints, task.max_steps, task.derived, task.tags)


def test_the_same_seed_gives_the_same_task(generated):
    again = generate_task(3)  # not the cached object: generated anew
    assert again is not generated[3]
    assert _fields(again) == _fields(generated[3])
    assert generate(3) is generated[3]  # the LRU cache


def _source(task: Task) -> Task:
    [tag] = [t for t in task.tags if t.startswith("source:")]
    return get_bank().get(tag.removeprefix("source:"))


def _mutated_fix_lines(fix: str, head: str) -> list[int]:
    """1-based lines of the fix that the mutation rewrites or deletes."""
    matcher = difflib.SequenceMatcher(a=fix.splitlines(), b=head.splitlines(), autojunk=False)
    return [i + 1 for tag, i1, i2, _, _ in matcher.get_opcodes() if tag != "equal"
            for i in range(i1, i2)]


def test_different_seeds_give_different_tasks(generated):
    mutants = {(t.issues[0].file, t.head_changes[t.issues[0].file]) for t in generated.values()}
    assert len(mutants) >= len(SEEDS) - 2
    assert len({t.tags for t in generated.values()}) >= 4  # several source tasks
    assert len({t.issues[0].bug_class for t in generated.values()}) >= 3
    assert len({t.id for t in generated.values()}) == len(SEEDS)


@pytest.mark.parametrize("seed", SEEDS)
def test_a_generated_task_holds_together(generated, reruns, seed):
    task = generated[seed]
    source = _source(task)
    assert task.id == f"gen-{seed}" and task.split == GENERATED_SPLIT
    assert task.difficulty == "medium" and task.max_steps == 30
    assert not task.static_checks and not any(p.startswith("tests/") for p in task.base)
    [issue] = task.issues
    path = issue.file
    assert list(task.fix_changes) == [path]
    head, fix = task.head_changes[path], task.fix_changes[path]
    assert head != fix and task.base.get(path) != fix  # base is before the PR, not the fix
    # The PR is the source's feature change, as it should have been written, plus the defect.
    assert task.base == source.base
    assert task.fixed == source.fixed
    assert task.title == source.title and task.description == source.description
    for name, text in task.head_changes.items():
        assert text != task.base.get(name)
        assert name == path or text == source.fixed[name]
    for tree in (task.head, task.fixed):
        for name, text in tree.items():
            if name.endswith(".py"):
                parse_source(text, filename=name)

    derived = task.derived
    assert derived is not None
    names = probe_names(task.probes_source)
    assert sorted(derived.expected) == sorted(names) == sorted(derived.head)
    assert derived.fail_to_pass and derived.pass_to_pass
    assert sorted(derived.fail_to_pass + derived.pass_to_pass) == sorted(names)
    for check in names:
        assert (derived.head[check] != derived.expected[check]) == (check in derived.fail_to_pass)
        assert "error" not in json.loads(derived.head[check])
    # Reverting the PR fails a pass-to-pass probe.
    assert derived.base is not None and sorted(derived.base) == sorted(names)
    assert any(derived.base[c] != derived.expected[c] for c in derived.pass_to_pass)

    assert issue.bug_class and issue.category and issue.severity
    assert set(issue.witnesses) == set(derived.fail_to_pass)
    n_lines = len(head.splitlines())
    assert 1 <= issue.start_line <= issue.end_line <= n_lines
    changed = changed_head_lines(fix, head)
    assert changed
    assert all(issue.start_line - 1 <= line <= issue.end_line + 1 for line in changed), changed
    assert any(issue.start_line <= line <= issue.end_line for line in changed), changed

    fix_outputs, head_outputs = reruns[seed]
    assert fix_outputs == derived.expected  # the fix really fixes
    assert head_outputs == derived.head  # and the head's outputs are reproducible


@pytest.mark.parametrize("seed", SEEDS)
def test_the_defect_lies_in_code_the_pr_adds_and_the_pr_is_more_than_the_defect(generated, seed):
    task = generated[seed]
    [issue] = task.issues
    path = issue.file
    head, fix = task.head_changes[path], task.fix_changes[path]
    # Every line the mutation rewrites or deletes is a line the PR adds or changes.
    added_in_fix = pr_lines(task.base.get(path), fix)
    fix_lines = fix.splitlines()
    mutated = [n for n in _mutated_fix_lines(fix, head) if fix_lines[n - 1].strip()]
    assert mutated and set(mutated) <= added_in_fix, (mutated, sorted(added_in_fix))
    # The issue is on the + lines of the diff the reviewer reads.
    plus = pr_lines(task.base.get(path), head)
    assert plus & set(range(issue.start_line, issue.end_line + 1))
    # The diff is the whole feature: many more + lines than the issue spans.
    added = [line for line in task.diff.splitlines()
             if line.startswith("+") and not line.startswith("+++")]
    assert len(added) == sum(len(pr_lines(task.base.get(p), t))
                             for p, t in task.head_changes.items())
    assert len(added) > issue.end_line - issue.start_line + 1
    assert len(added) >= MIN_PLUS_LINES  # flagging every + line then stays under the floor


def test_base_outputs_come_from_expected_json_or_are_computed_once(monkeypatch):
    from python_env.server.tasks import generator

    source = _source(generate(0))
    recorded = source.derived.base
    assert recorded and generator._base_outputs(source, shared_sandbox()) == recorded
    runs = []
    real = generator.run_checks_on
    monkeypatch.setattr(generator, "run_checks_on", lambda *a: runs.append(1) or real(*a))
    generator._run_base_probes.cache_clear()
    bare = dataclasses.replace(source, derived=dataclasses.replace(source.derived, base=None))
    assert generator._base_outputs(bare, shared_sandbox()) == recorded
    assert generator._base_outputs(bare, shared_sandbox()) == recorded
    assert len(runs) == 1


def test_generated_tasks_pass_the_bank_validator(generated):
    tasks = [generated[0], generated[1]]
    with ThreadPoolExecutor(2) as pool:
        reports = list(pool.map(lambda t: derive(t, shared_sandbox()), tasks))
    for task, report in zip(tasks, reports, strict=True):
        assert report.ok, (task.id, report.errors)
        derived = task.derived
        assert report.derived["expected"] == derived.expected
        assert report.derived["head"] == derived.head
        assert report.derived["base"] == derived.base
        assert tuple(report.derived["fail_to_pass"]) == derived.fail_to_pass
        assert tuple(report.derived["pass_to_pass"]) == derived.pass_to_pass


@pytest.mark.parametrize("seed", SEEDS)
def test_public_information_does_not_reveal_the_mutation(generated, seed):
    task = generated[seed]
    [issue] = task.issues
    source = _source(task)
    # The title and description are the source PR's, written before any mutation.
    assert (task.title, task.description) == (source.title, source.description)
    public = "\n".join([json.dumps(task.public_info(seed)), task.title, task.description])
    head = task.head_changes[issue.file].splitlines()
    fix = task.fix_changes[issue.file].splitlines()
    changed = [line.strip() for line in set(head) ^ set(fix) if line.strip()]
    secrets = [*changed, issue.title, issue.hint, issue.rationale, issue.id, *issue.witnesses]
    for secret in secrets:
        assert secret not in public, secret
    lowered = public.lower()
    for word in KINDS:
        assert word not in lowered, word
    # The hint depends on the kind of mutation only: no line number, no code of the change.
    assert not any(ch.isdigit() for ch in issue.hint)
    assert not any(line in issue.hint for line in changed)
    assert issue.hint in {kind.hint for kind in KINDS.values()}


# --------------------------------------------------------------------------- scores


@pytest.fixture(scope="module")
def scores(generated):
    with ThreadPoolExecutor(2) as pool:
        oracle = pool.map(oracle_score, generated.values())
        revert = pool.map(revert_score, generated.values())
        return {seed: (o, r, flag_every_added_line(generated[seed]))
                for seed, o, r in zip(SEEDS, oracle, revert, strict=True)}


@pytest.mark.parametrize("seed", SEEDS)
def test_the_oracle_scores_full_marks_and_shortcuts_stay_at_the_floor(scores, seed):
    oracle, revert, flag_all = scores[seed]
    assert oracle.total == 1.0, oracle
    # Reverting the PR breaks a pass-to-pass probe: the patch part is 0.
    assert revert.parts["patch"] == 0.0 and revert.total <= FLOOR, revert
    assert revert.patch.pass_to_pass_passed < revert.patch.pass_to_pass_total
    # "The diff is the bug" no longer pays: flagging every + line stays at the floor.
    assert flag_all <= FLOOR, flag_all


def test_generated_split_plays_through_the_environment():
    env = PythonEnvironment()
    first = env.reset(split="generated", index=3)
    assert first.task_id == "gen-3" and env.state.split == "generated"
    assert env.reset(split="generated", seed=11).task_id == env.reset(
        split="generated", seed=11).task_id
    env.reset(task_id="gen-3")
    assert env.step(PythonAction(action_type="submit", decision="approve")).reward == 0.0
    env.close()
