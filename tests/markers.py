"""The `slow` and `sandbox` markers, put on tests at collection (conftest's hook calls `apply`).

`slow` (left out of the fast loop, `pytest -m "not slow"`), by two rules:
- a test that takes more than 3 s on an idle 2-core machine (SLOW below, with what it was
  measured at; `pytest --durations=0` finds new ones);
- a sweep over the task bank (a test parametrized by `task`, `task_id` or `seed` with more than
  SWEEP_KEEP cases): every case but one, the example task's if it is there, else the first. The
  fast loop still runs each sweep once; the full suite runs every case.

`sandbox` (needs bubblewrap or Landlock and the sandbox uid range): a test whose module uses
code that can start a sandbox job (SANDBOX_REACH: the environment, the server, grading,
validation, the client against a server...). Over-approximated by module, never missing one:
`PYTHON_ENV_SANDBOX_BACKEND=none pytest -m "not sandbox"` passes with every job refused.
"""

from __future__ import annotations

import dataclasses
import enum
import inspect
import types

import pydantic
import pytest

from .conftest import EXAMPLE_TASK

# Groups that pyproject's addopts leave out of the default run; slow too, so `-m "not slow"`
# (which replaces addopts' `-m`) leaves them out as well.
APART = ("docker", "ray", "train", "verifiers", "fuzz", "soak")
SWEEP_PARAMS = ("task", "task_id", "seed")
SWEEP_KEEP = 3  # a family of this many cases or fewer is a choice of examples, not a sweep

# node id (without parameters) -> seconds measured (load average 10 on 2 cores: about 5x idle)
SLOW = {
    "tests/test_leftovers.py::test_kill_9_mid_episode_then_restart_leaves_nothing": 182,
    "tests/test_project_provider.py::test_the_declared_app_imports_outside_the_checkout": 36,
    "tests/test_readme.py::test_the_from_env_example_serves_this_checkout_from_anywhere": 32,
    "tests/test_ws_fuzz.py::test_fuzz_keeps_every_session_and_logs_no_traceback": 30,
    "tests/test_cli.py::test_tasks_show_prints_the_pull_request_and_never_the_answer": 15,
    "tests/test_workbench_browser.py::test_an_expired_session_says_so_and_starting_again_recovers":
        10,
    "tests/test_fairness.py::test_every_variant_applies_to_several_tasks": 10,
    "tests/test_load.py::test_a_step_longer_than_the_idle_timeout_keeps_its_session": 8,
    "tests/test_sessions.py::test_idle_sessions_are_reaped_and_refuse_work_clearly": 7,
    "tests/test_startup.py::test_openenv_packages_read_after_the_client_are_whole_and_serve_the_app":
        30,
    # Its module fixture plays the oracle and two shortcuts on every generated seed: 15 s.
    "tests/test_generator.py::test_the_oracle_scores_full_marks_and_shortcuts_stay_at_the_floor":
        15,
}
# Whole modules: every test pays for a browser, or a server or build started for the module.
SLOW_MODULES = {
    "tests/test_workbench_browser.py": "headless Chromium per test, 5-10 s each",
    "tests/test_real_tasks.py": "builds the real split (PyPI downloads on a fresh cache)",
    "tests/test_ws_fuzz.py": "a server subprocess for the module, 30 s to start when loaded",
}

# Modules whose code can start a sandbox job when called (directly or through a server).
SANDBOX_REACH = (
    "python_env.server.sandbox",
    "python_env.server.python_env_environment",
    "python_env.server.app",
    "python_env.server.launch",
    "python_env.server.local",
    "python_env.server.web",
    "python_env.server.workbench",
    "python_env.server.grading.checks",
    "python_env.server.grading.controls",
    "python_env.server.grading.evidence",
    "python_env.server.grading.patch",
    "python_env.server.grading.rubric",
    "python_env.server.tasks.generator",
    "python_env.server.tasks.difficulty",
    "python_env.server.visible_tests",
    "python_env.server.analysis",
    "python_env.server.tasks.validate",
    "python_env.server.tasks.real",
    "python_env.client",
    "python_env.check",
    "python_env.cli",
    "python_env.agents",
    "python_env.rollout",
    "python_env.integrations",
    "tests.shortcuts",
    "tests.episodes",
    "tests.fairness",
    "tests.canaries",
    "tests.ws_fuzz",
    "tests.conftest.serve",  # a server in a thread
    "tests.conftest.serve_process",  # a server in a subprocess
)
SANDBOX_FIXTURES = {"server_url"}
# What a test imports inside its body instead: the calls that start a server or a sandbox.
SANDBOX_CALLS = ("serve(", "serve_process(", "build_app(", "PythonEnvironment(", "Sandbox(",
                 "shared_sandbox(")


def _reaches(value: object) -> bool:
    if isinstance(value, types.ModuleType):
        name = value.__name__
    else:
        module = getattr(value, "__module__", None)
        if not isinstance(module, str):
            return False
        name = f"{module}.{getattr(value, '__qualname__', '')}"
    # pytest names this suite's modules from the checkout's folder (`main.tests.episodes`).
    name = "tests." + name.split(".tests.", 1)[1] if ".tests." in name else name
    return any(name == m or name.startswith(m + ".") for m in SANDBOX_REACH)


def _runs_code(value: object) -> bool:
    """A class that does work (an environment, a session, a sandbox); not one imported for its
    type: data classes, enums, pydantic models, exceptions."""
    return (inspect.isclass(value) and not dataclasses.is_dataclass(value)
            and not issubclass(value, (enum.Enum, pydantic.BaseModel, BaseException)))


def _module_sandboxes(module: types.ModuleType, cache: dict[str, bool]) -> bool:
    if module.__name__ not in cache:
        cache[module.__name__] = any(
            _reaches(v) for v in vars(module).values()
            if inspect.ismodule(v) or inspect.isfunction(v) or _runs_code(v))
    return cache[module.__name__]


def _calls(item: pytest.Item) -> bool:
    function = getattr(item, "function", None)
    try:
        source = inspect.getsource(function) if function is not None else ""
    except (OSError, TypeError):
        return False
    return any(call in source for call in SANDBOX_CALLS)


def _is_sweep_case(item: pytest.Item) -> bool:
    callspec = getattr(item, "callspec", None)
    return callspec is not None and any(p in callspec.params for p in SWEEP_PARAMS)


def _names_example(item: pytest.Item) -> bool:
    params = item.callspec.params  # type: ignore[attr-defined]
    return any(getattr(params.get(p), "id", params.get(p)) == EXAMPLE_TASK for p in SWEEP_PARAMS)


def apply(items: list[pytest.Item]) -> None:
    sweeps: dict[str, list[pytest.Item]] = {}
    sandboxes: dict[str, bool] = {}
    for item in items:
        base = item.nodeid.split("[", 1)[0]
        if (base in SLOW or base.split("::", 1)[0] in SLOW_MODULES
                or any(item.get_closest_marker(m) for m in APART)):
            item.add_marker(pytest.mark.slow)
        if _is_sweep_case(item):
            sweeps.setdefault(base, []).append(item)
        module = getattr(item, "module", None)
        if module is not None and (_module_sandboxes(module, sandboxes) or _calls(item)
                                   or SANDBOX_FIXTURES & set(getattr(item, "fixturenames", ()))):
            item.add_marker(pytest.mark.sandbox)
    for cases in sweeps.values():
        if len(cases) <= SWEEP_KEEP:
            continue
        kept = next((c for c in cases if _names_example(c)), cases[0])
        for case in cases:
            if case is not kept:
                case.add_marker(pytest.mark.slow)
