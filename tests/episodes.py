"""Playing scripted policies in-process, and running a witness test where the grader would.

A policy is called with the first observation and the workspace files an agent could read
(`policy(obs, files)`) and returns either its whole plan (a list of actions) or a generator: a
generator is sent the observation that each action produced, so it can act on a tool's output
(static analysis, hints). Every plan ends with `submit`.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Generator, Iterable
from concurrent.futures import ThreadPoolExecutor
from functools import cache
from typing import ClassVar

from python_env.models import PythonAction, PythonObservation
from python_env.server.files import materialize
from python_env.server.python_env_environment import PythonEnvironment
from python_env.server.sandbox import shared_sandbox
from python_env.server.tasks.generator import generate, resolve_task
from python_env.server.tasks.model import Task

Policy = Callable[[PythonObservation, dict[str, str]], Iterable[PythonAction]]
GENERATED_SEEDS = range(10)
WORKERS = 2  # the sandbox has a slot per core: two episodes at once keep both busy


class _Environment(PythonEnvironment):
    """The environment, with the analysers' report on an unpatched workspace computed once per
    task: it depends on the head's files only, and several policies ask for it."""

    _head_reports: ClassVar[dict[str, str]] = {}

    def _run_static_analysis(self, action: PythonAction) -> str:
        if self._task is None or self._workspace is None or self._workspace.changed:
            return super()._run_static_analysis(action)
        key = self._task.id
        if key not in self._head_reports:
            self._head_reports[key] = super()._run_static_analysis(action)
        return self._head_reports[key]


def play(task: Task, policy: Policy) -> PythonObservation:
    """One episode of `policy` on `task`; the final observation (reward and score breakdown)."""
    env = _Environment()
    try:
        obs = env.reset(task_id=task.id)
        plan = policy(obs, dict(task.head))
        steps = plan if isinstance(plan, Generator) else iter(list(plan))
        action = next(steps, None)
        while action is not None:
            obs = env.step(action)
            assert obs.reward == 0.0 or obs.done  # no intermediate signal
            if obs.done:
                break
            try:
                action = steps.send(obs) if isinstance(steps, Generator) else next(steps, None)
            except StopIteration:
                action = None
        assert obs.done and obs.score is not None, "the plan must end with submit"
        return obs
    finally:
        env.close()


def play_all(task: Task, policies: dict[str, Policy]) -> dict[str, PythonObservation]:
    """Each named policy's final observation on `task`, two episodes at a time."""
    with ThreadPoolExecutor(WORKERS) as pool:
        finals = pool.map(lambda policy: play(task, policy), policies.values())
        return dict(zip(policies, finals, strict=True))


def task_by_id(task_id: str) -> Task:
    return resolve_task(task_id)


@cache
def generated_tasks() -> tuple[Task, ...]:
    """gen-0 .. gen-9, generated once per process (two at a time), then from the LRU cache."""
    with ThreadPoolExecutor(WORKERS) as pool:
        return tuple(pool.map(generate, GENERATED_SEEDS))


def run_witness(tree: dict[str, str], source: str) -> list[str]:
    """Outcomes (passed, failed, error) of the witness test's functions run on `tree`, in the
    sandbox, as the visible tests run: the project root on sys.path, the file under tests/."""
    path = "tests/test_zz_witness.py"
    root = materialize({**tree, path: source})
    try:
        job = shared_sandbox().run(root, {"mode": "tests", "files": [path]})
    finally:
        shutil.rmtree(root, ignore_errors=True)
    assert job.status == "ok", (job.status, job.detail, job.stderr[-2000:])
    record = job.results[path]
    assert "tests" in record, record
    return [test["outcome"] for test in record["tests"]]


def witness_proves(task: Task, source: str) -> tuple[list[str], list[str]]:
    """The witness's outcomes on the head and on the reference fix."""
    return run_witness(task.head, source), run_witness(task.fixed, source)
