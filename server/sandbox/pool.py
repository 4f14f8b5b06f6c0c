"""The worker pool: a bounded number of slots, each running one job at a time as its own uid.

One uid per worker slot, so one job's fork bomb cannot starve another's RLIMIT_NPROC. A job is
the runner (see shipping.py) started under the backend's confinement, fed the job on stdin,
with a wall-clock kill of its whole process group; probes never reach it as a file (units.py),
and the results come back by position and are keyed by name here.

Speed (every `run_tests` pays all of this): the uid switch is done by `setpriv` in the exec
chain (host.as_uid), the runner is compiled once by the sandbox interpreter, and the
standard-library modules the workspace imports are imported once by the runner before it forks
(preload.py), so that each probe's child inherits them.
"""

from __future__ import annotations

import marshal
import os
import shutil
import subprocess
import time
from collections.abc import Mapping
from pathlib import Path

from ..fair_slots import FairSlots, job_owner
from ..leftovers import owned_tempdir
from ..once import once
from ..probe_units import probe_units
from ..pytest_bundle import SANDBOX_PATH as PYTEST_SANDBOX_PATH
from ..pytest_bundle import pytest_bundle, wants_pytest
from .backend import Backend, detect_backend
from .bwrap import bwrap_argv
from .host import BASE_UID, HOST_ENV, as_uid, reap_uid, system_python
from .landlock import ScratchDirs, confined_env, empty, landlock_spec
from .limits import Limits
from .preload import preload_names
from .results import JobResult, communicate, job_result
from .shipping import runner_command
from .units import units_file

# Jobs one session may have waiting for a slot (besides the ones running).
MAX_QUEUED_JOBS = 4


class Sandbox:
    """A bounded pool of sandbox slots; `run` blocks until a slot is free. A freed slot goes to
    the waiting session that used the sandbox least lately, equals in turn (fair_slots.py); a
    session with MAX_QUEUED_JOBS jobs waiting has the next refused with SandboxBusy.

    `backend` (or `PYTHON_ENV_SANDBOX_BACKEND`) forces `bwrap` or `landlock`, or gives the
    Backend to use as it is; by default the first that works on this machine is used.
    """

    def __init__(self, workers: int | None = None, limits: Limits | None = None,
                 base_uid: int = BASE_UID, backend: str | Backend | None = None):
        self.limits = limits or Limits()
        self.workers = workers or max(1, os.cpu_count() or 1)
        self.base_uid = base_uid  # slot i runs as base_uid + i (when started as root)
        self.selected = backend if isinstance(backend, Backend) else detect_backend(backend)
        self.scratch = ScratchDirs(base_uid)  # the landlock backend's, per slot
        self._slots = FairSlots(self.workers, MAX_QUEUED_JOBS)

    @property
    def backend(self) -> str:
        return self.selected.name

    def run(self, workspace: Path, job: dict, limits: Limits | None = None) -> JobResult:
        limits = limits or self.limits
        slot = self._slots.acquire(job_owner())
        try:
            return self._run(workspace, job, limits, slot)
        finally:
            self._slots.release(slot)

    def _run(self, workspace: Path, job: dict, limits: Limits, slot: int) -> JobResult:
        if job.get("mode") != "probes":
            return self._spawn(workspace, job, limits, slot, None, 0)
        # Never the file: one unit per probe, see probe_units.
        names = list(job["checks"])
        try:
            units = probe_units(job["source"], tuple(names))
        except SyntaxError as exc:
            return JobResult("crashed", 0.0, detail=f"the probes do not compile: {exc}")
        try:
            units_fd = units_file(names, units)
        except OSError as exc:
            return JobResult("crashed", 0.0, detail=f"could not pass the probes: {exc}")
        try:
            result = self._spawn(workspace, job, limits, slot, units_fd, len(names))
        finally:
            os.close(units_fd)
        if result.status == "ok":  # the runner answers by position: it knows no names
            if not isinstance(result.results, list) or len(result.results) != len(names):
                return JobResult("crashed", result.wall_ms, stderr=result.stderr,
                                 detail="runner answered for other probes than it was sent")
            result.results = dict(zip(names, result.results, strict=True))
        return result

    def _command(self, workspace: Path, limits: Limits, slot: int,
                 pytest_dir: Path | None = None) -> tuple[list[str], dict, bytes]:
        """argv, extra Popen arguments, and the stdin prefix that carries the runner."""
        runner, prefix = runner_command(system_python())
        launcher, kwargs = as_uid(self.base_uid + slot)
        if self.backend == "bwrap":
            jail = bwrap_argv(workspace, limits, pytest_dir, sealed=self.selected.sealed)
            return launcher + jail + runner, kwargs, prefix
        return launcher + runner, kwargs, prefix

    def _spawn(self, workspace: Path, job: dict, limits: Limits, slot: int,
               units_fd: int | None, count: int) -> JobResult:
        # Real packages' tests need pytest: a pinned copy, read-only (see pytest_bundle.py).
        pytest_dir = pytest_bundle() if wants_pytest(workspace, job) else None
        argv, kwargs, prefix = self._command(workspace, limits, slot, pytest_dir)
        preload = preload_names(workspace, job)
        if units_fd is not None:
            job = {"mode": "probes", "units_fd": units_fd, "count": count}
            kwargs = dict(kwargs, pass_fds=(units_fd,))
        job = dict(job, limits=limits.rlimits(), item_timeout_s=limits.item_timeout_s,
                   preload=preload)
        if pytest_dir is not None:
            job["pytest"] = PYTEST_SANDBOX_PATH if self.backend == "bwrap" else str(pytest_dir)
        uid = self.base_uid + slot
        own_uid = os.geteuid() == 0  # the job runs as a uid lent to it alone
        env, scratch, unsafe_dir = self._confine(job, workspace, limits, slot, pytest_dir)
        start = time.perf_counter()
        try:
            proc = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                    stderr=subprocess.PIPE, close_fds=True, process_group=0,
                                    env=env, **kwargs)
        except OSError as exc:
            return JobResult("crashed", 0.0, detail=f"could not start the sandbox: {exc}")
        finished = False
        try:
            out, err, timed_out = communicate(proc, prefix + marshal.dumps(job), limits.wall_s)
            finished = not timed_out and proc.returncode == 0  # then the runner reaped
        finally:
            if self.backend == "landlock" and own_uid and not finished:
                reap_uid(uid)  # no pid namespace: whatever the job left behind
            if scratch is not None:
                empty(scratch)
            if unsafe_dir is not None:
                shutil.rmtree(unsafe_dir, ignore_errors=True)
        wall_ms = (time.perf_counter() - start) * 1000
        return job_result(proc.returncode, out, err, timed_out, wall_ms,
                          signal_exit=self.backend == "bwrap")

    def _confine(self, job: dict, workspace: Path, limits: Limits, slot: int,
                 pytest_dir: Path | None) -> tuple[Mapping[str, str], Path | None, str | None]:
        """What the job needs from its backend, added to `job`: (environment, the landlock
        slot's scratch directory, the unsafe backend's temporary directory)."""
        if self.backend == "bwrap":
            job.update(pidns=True)
            return HOST_ENV, None, None
        if self.backend == "landlock":
            uid = self.base_uid + slot
            scratch = self.scratch.for_slot(slot, limits.tmpfs_mb)
            job.update(root=str(workspace), cwd=str(scratch),
                       confine=landlock_spec(workspace, scratch, pytest_dir),
                       reap_uid=uid if os.geteuid() == 0 else None)
            return confined_env(scratch), scratch, None
        unsafe_dir = str(owned_tempdir("unsafe"))
        os.chmod(unsafe_dir, 0o777)
        job.update(root=str(workspace), cwd=unsafe_dir)
        return HOST_ENV, None, unsafe_dir


@once(maxsize=1)
def shared_sandbox() -> Sandbox:
    """One pool per process, so every session's jobs queue for the same cores."""
    workers = int(os.environ.get("PYTHON_ENV_SANDBOX_WORKERS", "0")) or None
    return Sandbox(workers=workers)
