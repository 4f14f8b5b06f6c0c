"""Whole or nothing: a refused action or reset leaves everything observable as it was.

"Observable" is what read_file shows (the workspace in memory), what tests and grading run (the
workspace on disk), the findings, the hints used, and the state. A refused action still uses
one step of the budget, and nothing else.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from python_env.models import Finding, PythonAction
from python_env.server import workspace as workspace_module
from python_env.server.python_env_environment import PythonEnvironment

from .conftest import EXAMPLE_TASK

FILE = "shop/pagination.py"


@pytest.fixture
def env():
    environment = PythonEnvironment()
    environment.reset(task_id=EXAMPLE_TASK, episode_id="atomic")
    environment.step(PythonAction(action_type="add_finding", finding=Finding(
        file=FILE, line=1, category="bug", severity="minor", title="kept")))
    yield environment
    environment.close()


def _disk(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): p.read_text() for p in root.rglob("*") if p.is_file()}


def _dirs(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_dir()}


def snapshot(env: PythonEnvironment) -> dict[str, Any]:
    ws = env.episode.workspace
    shown = {}
    for path in sorted(ws.files):
        obs = env.step(PythonAction(action_type="read_file", path=path, end_line=10_000))
        shown[path] = obs.tool_output
    env.state.step_count -= len(ws.files)  # the reads above are the snapshot's, not the test's
    return {
        "read_file": shown,
        "memory": dict(ws.files),
        "disk": _disk(ws.root),
        "dirs": _dirs(ws.root),
        "findings": [f.model_dump() for f in env.episode.findings],
        "hints": env.episode.hints_used,
        "state": env.state.model_dump(),
        "task": env.episode.task.id,
    }


REFUSED_ACTIONS = {
    "patch a directory": dict(action_type="propose_patch", path="shop", content="x = 1\n"),
    "patch an over-long name": dict(action_type="propose_patch", path="a" * 290 + ".py",
                                    content="x = 1\n"),
    "patch an over-long directory": dict(action_type="propose_patch",
                                         path="d" * 280 + "/x.py", content="x = 1\n"),
    "patch under a file": dict(action_type="propose_patch", path=f"{FILE}/x.py",
                               content="x = 1\n"),
    "patch outside": dict(action_type="propose_patch", path="../x.py", content="x = 1\n"),
    "patch absolute": dict(action_type="propose_patch", path="/tmp/x.py", content="x = 1\n"),
    "patch the root": dict(action_type="propose_patch", path=".", content="x = 1\n"),
    "patch a NUL": dict(action_type="propose_patch", path="a\x00.py", content="x = 1\n"),
    "diff that does not apply": dict(action_type="propose_patch", path=FILE,
                                     diff="@@ -1,1 +1,1 @@\n-no such line\n+x = 1\n"),
    "diff without hunk": dict(action_type="propose_patch", path=FILE, diff="+x\n"),
    "patch that does not parse": dict(action_type="propose_patch", path=FILE,
                                      content="def (:\n"),
    "read past the end": dict(action_type="read_file", path=FILE, start_line=10_000),
    "read a missing file": dict(action_type="read_file", path="nope.py"),
    "bad regex": dict(action_type="search", pattern="("),
    "finding in a missing file": dict(action_type="add_finding", finding=Finding(
        file="nope.py", line=1, category="bug", severity="minor", title="t")),
    "finding past the end": dict(action_type="add_finding", finding=Finding(
        file=FILE, line=10_000, category="bug", severity="minor", title="t")),
    "remove an unknown finding": dict(action_type="remove_finding", finding_id=99),
}


@pytest.mark.parametrize("name", sorted(REFUSED_ACTIONS))
def test_a_refused_action_changes_nothing_but_the_step_count(env, name):
    before = snapshot(env)
    obs = env.step(PythonAction(**REFUSED_ACTIONS[name]))
    assert obs.last_action_error and "internal error" not in obs.last_action_error
    assert env.state.step_count == before["state"]["step_count"] + 1
    env.state.step_count -= 1
    assert snapshot(env) == before


def test_memory_and_disk_agree_after_every_action(env):
    for fields in [*REFUSED_ACTIONS.values(),
                   dict(action_type="propose_patch", path="shop/new.py", content="x = 1\n"),
                   dict(action_type="propose_patch", path="pkg/deep/new.py", content="y = 2\n")]:
        env.step(PythonAction(**fields))
        ws = env.episode.workspace
        assert _disk(ws.root) == ws.files


def test_a_write_failing_on_disk_is_undone(env, monkeypatch):
    """Past every check, the disk itself refuses: memory keeps the old file, and the disk loses
    the directories the attempt created."""
    before = snapshot(env)
    real = workspace_module.materialize

    def failing(files, root=None):
        if "z = 3\n" not in files.values():  # the undo's own writes succeed
            return real(files, root)
        for rel in files:  # create the parents, as a real partial write would, then fail
            (root / rel).parent.mkdir(parents=True, exist_ok=True)
            (root / rel).write_text("z")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(workspace_module, "materialize", failing)
    for path in ("new/dir/x.py", FILE):
        obs = env.step(PythonAction(action_type="propose_patch", path=path, content="z = 3\n"))
        assert "No space left on device" in obs.last_action_error
        env.state.step_count -= 1
    monkeypatch.setattr(workspace_module, "materialize", real)
    assert snapshot(env) == before


@pytest.mark.parametrize("options", [
    {"task_id": "no-such-task"}, {"split": "nope"}, {"split": "train", "index": 10**6},
    {"split": "train", "index": True}, {"episode_id": 5}, {"episode_id": "x" * 300},
    {"episode_id": "a\ud800"}, {"seed": "x"}, {"foo": 1},
])
def test_a_refused_reset_leaves_the_episode_as_it_was(env, options):
    before = snapshot(env)
    with pytest.raises(ValidationError):
        env.reset(**options)
    assert snapshot(env) == before
    obs = env.step(PythonAction(action_type="read_file", path=FILE))
    assert obs.task_id == env.state.task_id == EXAMPLE_TASK


def test_a_reset_whose_workspace_cannot_be_built_leaves_the_episode(env, monkeypatch):
    before = snapshot(env)

    def failing(files, root=None):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(workspace_module, "materialize", failing)
    with pytest.raises(OSError):
        env.reset(split="train", index=0)
    monkeypatch.undo()
    assert snapshot(env) == before
