"""Running untrusted code: the workspace's patches and the tests that import them.

Each job runs `sandbox_runner.py` under a system interpreter inside bubblewrap, launched as an
unprivileged uid (one uid per worker slot, so one job's fork bomb cannot starve another's
RLIMIT_NPROC): every namespace unshared (no network, private pids so nothing outlives the job),
the workspace bound read-only, a size-limited tmpfs as the only writable place, rlimits set by
the runner before any untrusted import, and a wall-clock kill of the whole process group.

Where bubblewrap cannot run, jobs are refused. `PYTHON_ENV_UNSAFE_SANDBOX=1` runs them as a
plain subprocess with rlimits for local development only, and says so loudly.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import queue
import selectors
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

log = logging.getLogger(__name__)

RUNNER_SOURCE = (Path(__file__).parent / "sandbox_runner.py").read_text(encoding="utf-8")
UNSAFE_ENV = "PYTHON_ENV_UNSAFE_SANDBOX"
OUTPUT_CAP = 64 * 1024
RESULT_CAP = 8 * 1024 * 1024
BASE_UID = 61000


class SandboxUnavailable(RuntimeError):
    """No safe way to run untrusted code on this machine."""


@dataclass(frozen=True)
class Limits:
    wall_s: float = 20.0
    item_timeout_s: float = 3.0
    cpu_s: int = 20
    as_mb: int = 768
    fsize_mb: int = 16
    nofile: int = 128
    nproc: int = 256
    tmpfs_mb: int = 32

    def rlimits(self) -> dict[str, int]:
        return {
            "cpu_s": self.cpu_s,
            "as_mb": self.as_mb,
            "fsize_mb": self.fsize_mb,
            "nofile": self.nofile,
            "nproc": self.nproc,
        }


@dataclass
class JobResult:
    status: str  # ok | timeout | killed | crashed
    wall_ms: float
    results: dict = field(default_factory=dict)
    stderr: str = ""
    detail: str = ""


def system_python() -> str:
    """An interpreter the sandbox uid can read: never one under a private home directory."""
    configured = os.environ.get("PYTHON_ENV_SANDBOX_PYTHON")
    if configured:
        return configured
    for candidate in ("/usr/bin/python3", "/usr/local/bin/python3"):
        if os.access(candidate, os.X_OK):
            return candidate
    raise SandboxUnavailable("no system interpreter at /usr/bin/python3 or /usr/local/bin/python3")


def _bwrap_argv(workspace: Path, limits: Limits) -> list[str]:
    argv = [
        "bwrap",
        "--unshare-all",
        "--die-with-parent",
        "--new-session",
        "--cap-drop", "ALL",
        "--ro-bind", "/usr", "/usr",
        "--proc", "/proc",
        "--dev", "/dev",
        "--size", str(limits.tmpfs_mb << 20),
        "--tmpfs", "/tmp",
        "--ro-bind", str(workspace), "/ws",
        "--chdir", "/tmp",
        "--clearenv",
        "--setenv", "PYTHONHASHSEED", "0",
        "--setenv", "HOME", "/tmp",
        "--setenv", "TZ", "UTC",
        "--setenv", "LANG", "C.UTF-8",
    ]
    for link in ("lib", "lib64", "bin", "sbin"):
        if Path(f"/{link}").is_symlink():
            argv += ["--symlink", f"usr/{link}", f"/{link}"]
        elif Path(f"/{link}").is_dir():
            argv += ["--ro-bind", f"/{link}", f"/{link}"]
    return argv


class Sandbox:
    """A bounded pool of sandbox slots; `run` blocks until a slot is free."""

    def __init__(self, workers: int | None = None, limits: Limits | None = None):
        self.limits = limits or Limits()
        self.workers = workers or max(1, os.cpu_count() or 1)
        self.backend = detect_backend()
        self._slots: queue.Queue[int] = queue.Queue()
        for slot in range(self.workers):
            self._slots.put(slot)

    def run(self, workspace: Path, job: dict, limits: Limits | None = None) -> JobResult:
        limits = limits or self.limits
        slot = self._slots.get()
        try:
            return self._run(workspace, job, limits, slot)
        finally:
            self._slots.put(slot)

    def _command(self, workspace: Path, limits: Limits) -> tuple[list[str], dict]:
        python = [system_python(), "-I", "-S", "-B", "-c", RUNNER_SOURCE]
        if self.backend == "unsafe":
            return python, {}
        return _bwrap_argv(workspace, limits) + python, {}

    def _run(self, workspace: Path, job: dict, limits: Limits, slot: int) -> JobResult:
        argv, _ = self._command(workspace, limits)
        job = dict(job, limits=limits.rlimits(), item_timeout_s=limits.item_timeout_s)
        if self.backend == "unsafe":
            job.update(root=str(workspace), cwd=tempfile.mkdtemp(prefix="pyenv-unsafe-"))
        kwargs: dict = {"process_group": 0}
        if os.geteuid() == 0:
            uid = BASE_UID + slot
            kwargs.update(user=uid, group=uid, extra_groups=[])
        start = time.perf_counter()
        try:
            proc = subprocess.Popen(
                argv,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                close_fds=True,
                **kwargs,
            )
        except OSError as exc:
            return JobResult("crashed", 0.0, detail=f"could not start the sandbox: {exc}")
        out, err, timed_out = _communicate(proc, json.dumps(job).encode(), limits.wall_s)
        wall_ms = (time.perf_counter() - start) * 1000
        if self.backend == "unsafe" and "cwd" in job:
            shutil.rmtree(job["cwd"], ignore_errors=True)
        stderr = err[:OUTPUT_CAP].decode("utf-8", "replace")
        if timed_out:
            return JobResult("timeout", wall_ms, stderr=stderr, detail="wall-clock limit reached")
        if proc.returncode < 0:
            name = signal.Signals(-proc.returncode).name
            return JobResult("killed", wall_ms, stderr=stderr, detail=f"killed by {name}")
        try:
            results = json.loads(out)["results"]
        except (ValueError, KeyError, TypeError):
            return JobResult(
                "crashed", wall_ms, stderr=stderr, detail=f"runner exit code {proc.returncode}"
            )
        return JobResult("ok", wall_ms, results=results, stderr=stderr)


def _communicate(proc: subprocess.Popen, data: bytes, wall_s: float) -> tuple[bytes, bytes, bool]:
    """Feed stdin, read capped stdout/stderr, kill the process group at the deadline."""
    assert proc.stdin and proc.stdout and proc.stderr
    deadline = time.monotonic() + wall_s
    try:
        proc.stdin.write(data)
        proc.stdin.close()
    except BrokenPipeError:
        pass
    caps = {proc.stdout: RESULT_CAP, proc.stderr: OUTPUT_CAP}
    buffers: dict = {proc.stdout: bytearray(), proc.stderr: bytearray()}
    timed_out = False
    with selectors.DefaultSelector() as sel:
        for stream in caps:
            sel.register(stream, selectors.EVENT_READ)
        while sel.get_map():
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                timed_out = True
                break
            for key, _ in sel.select(remaining):
                chunk = os.read(key.fd, 65536)
                if not chunk:
                    sel.unregister(key.fileobj)
                    continue
                buf = buffers[key.fileobj]
                if len(buf) < caps[key.fileobj]:
                    buf += chunk
    if timed_out:
        _kill_group(proc)
    try:
        proc.wait(timeout=max(0.1, deadline - time.monotonic()))
    except subprocess.TimeoutExpired:
        timed_out = True
        _kill_group(proc)
        proc.wait()
    proc.stdout.close()
    proc.stderr.close()
    return bytes(buffers[proc.stdout]), bytes(buffers[proc.stderr]), timed_out


def _kill_group(proc: subprocess.Popen) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)


@lru_cache(maxsize=1)
def detect_backend() -> str:
    """`bwrap` when a probe job runs under it, else `unsafe` if opted in, else refuse."""
    if shutil.which("bwrap"):
        probe_dir = Path(tempfile.mkdtemp(prefix="pyenv-probe-"))
        probe_dir.chmod(0o755)
        try:
            argv = [*_bwrap_argv(probe_dir, Limits()), system_python(), "-I", "-S", "-c", "0"]
            kwargs: dict = {}
            if os.geteuid() == 0:
                kwargs.update(user=BASE_UID, group=BASE_UID, extra_groups=[])
            done = subprocess.run(argv, capture_output=True, timeout=20, **kwargs)
            if done.returncode == 0:
                return "bwrap"
            reason = done.stderr.decode(errors="replace").strip()
        except (OSError, subprocess.TimeoutExpired, SandboxUnavailable) as exc:
            reason = str(exc)
        finally:
            shutil.rmtree(probe_dir, ignore_errors=True)
    else:
        reason = "bubblewrap (bwrap) is not installed"
    if os.environ.get(UNSAFE_ENV) == "1":
        log.warning(
            "!!! %s=1: running untrusted code WITHOUT a sandbox (%s). Local development only.",
            UNSAFE_ENV,
            reason,
        )
        return "unsafe"
    raise SandboxUnavailable(
        f"cannot sandbox untrusted code: {reason}. Install bubblewrap and allow unprivileged "
        f"user namespaces, or set {UNSAFE_ENV}=1 for local development only."
    )


_shared: Sandbox | None = None
_shared_lock = threading.Lock()


def shared_sandbox() -> Sandbox:
    """One pool per process, so every session's jobs queue for the same cores."""
    global _shared
    with _shared_lock:
        if _shared is None:
            workers = int(os.environ.get("PYTHON_ENV_SANDBOX_WORKERS", "0")) or None
            _shared = Sandbox(workers=workers)
        return _shared


def materialize(files: dict[str, str], root: Path | None = None) -> Path:
    """Write a file tree where the sandbox uid can read it (and nothing else can write it)."""
    root = root or Path(tempfile.mkdtemp(prefix="pyenv-ws-"))
    root.chmod(0o755)
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o755)
        path.write_text(text, encoding="utf-8")
        path.chmod(0o644)
    for directory in [root, *(p for p in root.rglob("*") if p.is_dir())]:
        directory.chmod(0o755)
    return root
