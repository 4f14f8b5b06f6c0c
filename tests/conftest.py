"""Shared fixtures: the real server on a free port, and tasks picked from the bundled bank."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from python_env.server.launch import start_server, stop_server, wait_healthy
from python_env.server.local import local_server as serve  # the tests' name for it
from python_env.server.tasks.loader import get_bank
from python_env.server.tasks.model import Task

EXAMPLE_TASK = "pagination-off-by-one"


def pytest_configure(config: pytest.Config) -> None:
    """`pytest -n N`: each xdist worker sandboxes under a uid range of its own, since a job's
    clean-up kills every process of its uid. Runs before any test module imports the sandbox."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    if worker.startswith("gw"):
        base = int(os.environ.get("PYTHON_ENV_SANDBOX_BASE_UID", "61000"))
        os.environ["PYTHON_ENV_SANDBOX_BASE_UID"] = str(base + 100 * (int(worker[2:]) + 1))


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--fast", action="store_true",
                     help="the fast loop: leave out tests marked slow (tests/markers.py)")


@pytest.hookimpl(tryfirst=True)  # before `-m` deselects by marker
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    from .markers import apply

    apply(items)
    if config.getoption("fast"):
        slow = [item for item in items if item.get_closest_marker("slow")]
        if slow:
            config.hook.pytest_deselected(items=slow)
            items[:] = [item for item in items if not item.get_closest_marker("slow")]


@pytest.fixture(scope="session")
def server_url() -> Iterator[str]:
    with serve() as url:
        yield url


@pytest.fixture(scope="session")
def example_task() -> Task:
    return get_bank().get(EXAMPLE_TASK)


@pytest.fixture(scope="session")
def clean_task() -> Task:
    clean = [t for t in get_bank().by_id.values() if t.clean]
    if not clean:
        pytest.skip("the bank has no clean task")
    return sorted(clean, key=lambda t: t.id)[0]


def all_tasks() -> list[Task]:
    return sorted(get_bank().by_id.values(), key=lambda t: t.id)


@contextmanager
def serve_process(log_path, extra_env: dict[str, str] | None = None) -> Iterator[str]:
    """Run the real server (`python -m python_env.server.app`) in a subprocess on a free port,
    its stdout and stderr going to `log_path`; yield its base URL."""
    env = {**os.environ, **(extra_env or {})}
    with open(log_path, "wb") as log:
        proc, url = start_server(env, stdout=log, stderr=subprocess.STDOUT)
    try:
        # Importing the app takes tens of seconds on a loaded 2-core machine.
        wait_healthy(proc, url, 90, lambda: Path(log_path).read_text()[-2000:])
        yield url
    finally:
        stop_server(proc)
