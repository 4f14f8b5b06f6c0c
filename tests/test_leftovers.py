"""Leftovers: a server killed mid-episode leaves directories; the next one to start removes them,
and never those of a server that is still running."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from python_env import PythonAction, PythonEnv
from python_env.server.launch import start_server, wait_healthy
from python_env.server.leftovers import owned_tempdir, owner_tag, sweep_stale

from .conftest import EXAMPLE_TASK


def test_sweep_removes_only_directories_of_dead_owners(tmp_path: Path):
    live = tmp_path / f"pyenv-ws-{owner_tag()}-abc"
    reused_pid = tmp_path / f"pyenv-scratch-{os.getpid()}.1-abc"  # our pid, another start time
    gone = tmp_path / "pyenv-ws-999999999.12345-abc"
    unrelated = [tmp_path / "pyenv-sealed-0", tmp_path / "pyenv-ws-nopid", tmp_path / "mine"]
    for path in [live, reused_pid, gone, *unrelated]:
        (path / "sub").mkdir(parents=True)
        (path / "sub" / "f.py").write_text("x = 1\n")
    removed = sweep_stale(tmp_path)
    assert sorted(removed) == sorted([reused_pid, gone])
    assert live.is_dir() and all(p.is_dir() for p in unrelated)
    assert not reused_pid.exists() and not gone.exists()


def test_owned_directories_carry_the_owner(tmp_path: Path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    path = owned_tempdir("ws")
    assert path.parent == tmp_path and path.name.startswith(f"pyenv-ws-{owner_tag()}-")
    assert sweep_stale(tmp_path) == [] and path.is_dir()


# ------------------------------------------------------------------------------ real servers
@contextmanager
def server_process(tmpdir: Path) -> Iterator[tuple[subprocess.Popen, str]]:
    """A server in its own process, with its temporary directory in `tmpdir`."""
    env = dict(os.environ, TMPDIR=str(tmpdir))
    proc, url = start_server(env, stderr=subprocess.PIPE)
    try:
        # Imports alone take 30 s on a loaded 2-core machine.
        wait_healthy(proc, url, 180, lambda: proc.stderr.read().decode()[-2000:]
                     if proc.poll() is not None else "")
        yield proc, url
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        proc.stderr.close()


def _dirs_of(tmpdir: Path, pid: int) -> list[Path]:
    return sorted(p for p in tmpdir.iterdir() if p.name.startswith("pyenv-")
                  and f"-{pid}." in p.name)


@pytest.fixture
def shared_tmp() -> Iterator[Path]:
    # Not pytest's tmp_path: the sandbox uid must traverse it (the workspace is bound from it).
    path = Path(tempfile.mkdtemp(prefix="python-env-leftovers-", dir="/tmp"))
    path.chmod(0o755)
    yield path
    shutil.rmtree(path, ignore_errors=True)


@pytest.mark.timeout(480)  # two server start-ups: ~10 s each idle, over a minute each loaded
def test_kill_9_mid_episode_then_restart_leaves_nothing(shared_tmp: Path):
    with server_process(shared_tmp) as (first, url), PythonEnv(base_url=url).sync() as env:
        env.reset(task_id=EXAMPLE_TASK)
        env.step(PythonAction(action_type="propose_patch", path="notes.py", content="x = 1\n"))
        assert "passed" in env.step(PythonAction(action_type="run_tests")).observation.tool_output
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=20)
        left = _dirs_of(shared_tmp, first.pid)
        assert any(p.name.startswith("pyenv-ws-") for p in left), list(shared_tmp.iterdir())

    with server_process(shared_tmp) as (second, url), PythonEnv(base_url=url).sync() as env:
        assert _dirs_of(shared_tmp, first.pid) == []  # swept before the server took requests
        env.reset(task_id=EXAMPLE_TASK)
        own = _dirs_of(shared_tmp, second.pid)
        assert own
        # Another server starting beside the live second one (its start-up sweep, run here: a
        # third server process would cost seconds of imports) removes nothing of it.
        assert sweep_stale(shared_tmp) == []
        assert all(p.exists() for p in own)
        read = env.step(PythonAction(action_type="read_file", path="shop/pagination.py"))
        assert "def has_next" in read.observation.tool_output
