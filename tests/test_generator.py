"""The task generator: seeded mutants of the bank's modules, kept only when the probes tell."""

from __future__ import annotations

import ast
import difflib
import json
import shutil
from concurrent.futures import ThreadPoolExecutor

import pytest

from python_env.server.grading.checks import run_checks
from python_env.server.sandbox import materialize, shared_sandbox
from python_env.server.tasks.generator import (
    GENERATED_SPLIT,
    KINDS,
    find_sites,
    generate,
    generate_task,
)
from python_env.server.tasks.model import Task, probe_names
from python_env.server.tasks.validate import derive

SEEDS = range(12)

SAMPLE = '''\
import math


def window(items, size, limit=10):
    """A docstring with 3 < 4 in it."""
    # reject empty windows
    if size <= 0:
        raise ValueError("size")

    size = min(size, limit)
    out = []
    for i in range(len(items) - size + 1):
        chunk = items[i:i + size]
        if chunk and chunk[0] == chunk[-1] or not chunk:
            continue
        out.append(sum(chunk) // size)
    total = 0
    total += len(out) * 2
    return out if out is not None else math.pow(total, 1)


class Box:
    def full(self, n):
        if self.count > n:
            return True

        return False
'''


def test_every_kind_of_site_is_found_and_each_mutant_is_a_local_edit():
    sites = find_sites("pkg/window.py", SAMPLE)
    assert {site.kind for site in sites} == set(KINDS)
    assert {site.func for site in sites} == {"window", "Box.full"}  # nothing at module level
    original = ast.dump(ast.parse(SAMPLE))
    for site in sites:
        mutant = site.apply(SAMPLE)
        assert ast.dump(ast.parse(mutant)) != original, site
        first = min(start for start, _, _ in site.edits)
        last = max(end for _, end, _ in site.edits)
        assert mutant.startswith(SAMPLE[:first]) and mutant.endswith(SAMPLE[last:]), site
        start, end = site.head_span(mutant)
        changed = _changed_head_lines(SAMPLE, mutant)
        assert changed and all(start - 1 <= line <= end + 1 for line in changed), site
    docstring_line = 5
    assert not any(SAMPLE.count("\n", 0, s.edits[0][0]) + 1 == docstring_line for s in sites)


def test_a_removed_guard_takes_its_comment_and_leaves_no_stray_blank_line():
    guards = [s.apply(SAMPLE) for s in find_sites("pkg/window.py", SAMPLE)
              if s.kind == "removed-guard"]
    assert len(guards) == 3
    assert '    """A docstring with 3 < 4 in it."""\n\n    size = min(size, limit)\n' in guards[0]
    assert "        out.append(sum(chunk) // size)" in guards[1]
    assert "continue" not in guards[1]
    assert "    def full(self, n):\n        return False\n" in guards[2]


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


def _changed_head_lines(before: str, after: str) -> list[int]:
    """1-based lines of `after` that differ from `before`; for a deletion, the lines around it."""
    lines = []
    matcher = difflib.SequenceMatcher(a=before.splitlines(), b=after.splitlines(), autojunk=False)
    for tag, _, _, j1, j2 in matcher.get_opcodes():
        if tag in ("replace", "insert"):
            lines += range(j1 + 1, j2 + 1)
        elif tag == "delete":
            lines += [max(1, j1), j1 + 1]
    return lines


def _fields(task: Task) -> tuple:
    return (task.id, task.title, task.description, task.difficulty, task.split, task.base,
            task.head_changes, task.fix_changes, task.visible_tests, task.probes_source,
            task.static_checks, task.issues, task.hints, task.max_steps, task.derived, task.tags)


def test_the_same_seed_gives_the_same_task(generated):
    again = generate_task(3)  # not the cached object: generated anew
    assert again is not generated[3]
    assert _fields(again) == _fields(generated[3])
    assert generate(3) is generated[3]  # the LRU cache


def test_different_seeds_give_different_tasks(generated):
    mutants = {(t.changed_files[0], t.head_changes[t.changed_files[0]]) for t in generated.values()}
    assert len(mutants) >= len(SEEDS) - 2
    assert len({t.tags for t in generated.values()}) >= 4  # several source tasks
    assert len({t.issues[0].bug_class for t in generated.values()}) >= 3
    assert len({t.id for t in generated.values()}) == len(SEEDS)


@pytest.mark.parametrize("seed", SEEDS)
def test_a_generated_task_holds_together(generated, reruns, seed):
    task = generated[seed]
    assert task.id == f"gen-{seed}" and task.split == GENERATED_SPLIT
    assert task.difficulty == "medium" and task.max_steps == 30
    assert not task.static_checks and not any(p.startswith("tests/") for p in task.base)
    [path] = task.changed_files
    assert list(task.fix_changes) == [path]
    head, fix = task.head_changes[path], task.fix_changes[path]
    assert head != fix and task.base[path] == fix
    for tree in (task.head, task.fixed):
        for name, text in tree.items():
            if name.endswith(".py"):
                ast.parse(text, filename=name)

    derived = task.derived
    assert derived is not None
    names = probe_names(task.probes_source)
    assert sorted(derived.expected) == sorted(names) == sorted(derived.head)
    assert derived.fail_to_pass and derived.pass_to_pass
    assert sorted(derived.fail_to_pass + derived.pass_to_pass) == sorted(names)
    for check in names:
        assert (derived.head[check] != derived.expected[check]) == (check in derived.fail_to_pass)
        assert "error" not in json.loads(derived.head[check])

    [issue] = task.issues
    assert issue.file == path and issue.bug_class and issue.category and issue.severity
    assert set(issue.witnesses) == set(derived.fail_to_pass)
    n_lines = len(head.splitlines())
    assert 1 <= issue.start_line <= issue.end_line <= n_lines
    changed = _changed_head_lines(fix, head)
    assert changed
    assert all(issue.start_line - 1 <= line <= issue.end_line + 1 for line in changed), changed
    assert any(issue.start_line <= line <= issue.end_line for line in changed), changed

    fix_outputs, head_outputs = reruns[seed]
    assert fix_outputs == derived.expected  # the fix really fixes
    assert head_outputs == derived.head  # and the head's outputs are reproducible


def test_generated_tasks_pass_the_bank_validator(generated):
    tasks = [generated[0], generated[1]]
    with ThreadPoolExecutor(2) as pool:
        reports = list(pool.map(lambda t: derive(t, shared_sandbox()), tasks))
    for task, report in zip(tasks, reports, strict=True):
        assert report.ok, (task.id, report.errors)
        derived = task.derived
        assert report.derived["expected"] == derived.expected
        assert report.derived["head"] == derived.head
        assert tuple(report.derived["fail_to_pass"]) == derived.fail_to_pass
        assert tuple(report.derived["pass_to_pass"]) == derived.pass_to_pass


@pytest.mark.parametrize("seed", SEEDS)
def test_public_information_does_not_reveal_the_mutation(generated, seed):
    task = generated[seed]
    [issue] = task.issues
    [path] = task.changed_files
    public = "\n".join([json.dumps(task.public_info(seed)), task.title, task.description])
    head, fix = task.head_changes[path].splitlines(), task.fix_changes[path].splitlines()
    changed = [line.strip() for line in set(head) ^ set(fix) if line.strip()]
    secrets = [*changed, issue.title, issue.hint, issue.rationale, issue.id, *issue.witnesses]
    for secret in secrets:
        assert secret not in public, secret
    lowered = public.lower()
    for word in (issue.bug_class, *KINDS, "bug", "off-by-one", "guard", "operator", "swap"):
        assert word not in lowered, word
    # The hint depends on the kind of mutation only: no line number, no code of the change.
    assert not any(ch.isdigit() for ch in issue.hint)
    assert not any(line in issue.hint for line in changed)
    assert issue.hint in {kind.hint for kind in KINDS.values()}


def test_generated_split_plays_through_the_environment():
    from python_env.agents.oracle import OracleAgent
    from python_env.models import PythonAction
    from python_env.server.python_env_environment import PythonEnvironment

    env = PythonEnvironment()
    first = env.reset(split="generated", index=3)
    assert first.task_id == "gen-3" and env.state.split == "generated"
    assert env.reset(split="generated", seed=11).task_id == env.reset(
        split="generated", seed=11).task_id
    null = env.reset(task_id="gen-3")
    assert env.step(PythonAction(action_type="submit", decision="approve")).reward == 0.0
    oracle = OracleAgent()
    obs = env.reset(task_id="gen-3")
    oracle.begin(null)
    while not obs.done:
        obs = env.step(oracle.act(obs))
    assert obs.reward == 1.0
    env.close()
