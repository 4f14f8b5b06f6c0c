"""Running untrusted code: the workspace's patches and the tests that import them.

Each job runs `sandbox_runner.py` under a system interpreter inside bubblewrap, launched as an
unprivileged uid (one uid per worker slot, so one job's fork bomb cannot starve another's
RLIMIT_NPROC): every namespace unshared (no network, private pids so nothing outlives the job,
no further user namespaces), the workspace bound read-only, the root and /dev read-only, a
size-limited tmpfs at /tmp as the only scratch space (plus a small one at /dev/shm), rlimits set
by the runner before any untrusted import, and a wall-clock kill of the whole process group.
The runner is pid 1 of its namespace (children cannot signal it) and runs from an execute-only
copy of the interpreter, which makes it non-dumpable: code it runs under the same uid cannot
ptrace it, read its memory or reach its results pipe through /proc.

Speed (every `run_tests` pays all of this): the uid switch is done by `setpriv` in the exec chain
rather than by `subprocess`'s `user=`, which forbids vfork and so copies the server's page tables
on every job; the runner is compiled once by the sandbox interpreter and sent marshalled on
stdin; the standard-library modules the workspace imports are imported once by the runner before
it forks, so that each probe's child inherits them.

Probes never reach the sandbox as a file: `_run` splits it into one unit per probe (see
probe_units.py) and passes the units in a sealed memfd that the runner does not read; each of its
children reads its own unit (see the runner's docstring, "Probe hygiene"). Results come back by
position and are keyed by name here.

Where user namespaces are blocked, the fallback is Landlock + seccomp (see the section below);
`PYTHON_ENV_SANDBOX_BACKEND=bwrap|landlock` forces one. Where neither works, jobs are refused:
`PYTHON_ENV_UNSAFE_SANDBOX=1` runs them as a plain subprocess with rlimits for local development
only, and says so loudly.
"""

from __future__ import annotations

import atexit
import contextlib
import fcntl
import json
import logging
import marshal
import os
import re
import selectors
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .fair_slots import FairSlots, job_owner
from .leftovers import owned_tempdir
from .probe_units import OPAQUE_NAME, opaque, probe_units
from .pytest_bundle import SANDBOX_PATH as PYTEST_SANDBOX_PATH
from .pytest_bundle import pytest_bundle, wants_pytest

log = logging.getLogger(__name__)

RUNNER_SOURCE = (Path(__file__).parent / "sandbox_runner.py").read_text(encoding="utf-8")
UNSAFE_ENV = "PYTHON_ENV_UNSAFE_SANDBOX"
OUTPUT_CAP = 64 * 1024
RESULT_CAP = 8 * 1024 * 1024
# Worker slot n runs as uid BASE_UID + n, and a job's clean-up kills every process of its uid:
# two processes sandboxing on one machine at once (two servers, two test runs) need their own.
BASE_UID = int(os.environ.get("PYTHON_ENV_SANDBOX_BASE_UID", "61000"))
SHM_BYTES = 4 << 20
# Jobs one session may have waiting for a slot (besides the ones running).
MAX_QUEUED_JOBS = 4
HOST_ENV = {"PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "LANG": "C.UTF-8"}

# Reads the marshalled runner from stdin, then the runner reads the job from the rest of it.
BOOTSTRAP = "import marshal,sys;b=sys.stdin.buffer;exec(marshal.loads(b.read(int(b.readline()))))"
_COMPILE = (
    "import marshal,sys;"
    "sys.stdout.buffer.write(marshal.dumps(compile(sys.stdin.read(),'sandbox_runner.py','exec')))"
)

# Standard-library modules the runner may import before forking, when the workspace, the probes
# or the tests import them: side-effect-free at import (no random state, no deprecation warning,
# nothing printed), so a child sees what a fresh import would have given it.
PRELOADABLE = frozenset((
    "__future__", "abc", "argparse", "array", "ast", "asyncio", "base64", "binascii", "bisect",
    "calendar", "collections", "concurrent", "contextlib", "copy", "csv", "dataclasses",
    "datetime", "decimal", "difflib", "enum", "errno", "fnmatch", "fractions", "functools",
    "glob", "gzip", "hashlib", "heapq", "hmac", "html", "http", "inspect", "io", "ipaddress",
    "itertools", "json", "keyword", "logging", "math", "numbers", "operator", "pathlib", "pickle",
    "pprint", "queue", "re", "shlex", "shutil", "sqlite3", "statistics", "string", "struct",
    "subprocess", "tarfile", "textwrap", "threading", "time", "types", "typing", "unicodedata",
    "urllib", "warnings", "weakref", "zipfile", "zlib", "zoneinfo",
))
MAX_PRELOAD = 64
_IMPORT_RE = re.compile(
    r"^[ \t]*(?:from[ \t]+([A-Za-z_][\w.]*)[ \t]+import\b|import[ \t]+([A-Za-z_][\w., \t]*))",
    re.MULTILINE,
)


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


@lru_cache(maxsize=1)
def _bwrap() -> tuple[str, bool] | None:
    """bubblewrap's path and whether it knows --disable-userns (0.8.0+)."""
    path = shutil.which("bwrap")
    if path is None:
        return None
    try:
        usage = subprocess.run([path, "--help"], capture_output=True, timeout=10, env=HOST_ENV)
        return path, b"--disable-userns" in usage.stdout + usage.stderr
    except (OSError, subprocess.TimeoutExpired):
        return path, False


_seal = {"enabled": True}


@lru_cache(maxsize=4)
def sealed_interpreter(python: str) -> tuple[str, str] | None:
    """(host copy, path inside the sandbox) of the interpreter binary, execute-only.

    The kernel makes a process non-dumpable when it executes a file it cannot read. The runner
    is then out of reach of the code it runs, although that code has the same uid: no ptrace,
    no /proc/<runner>/mem, no /proc/<runner>/fd (its results pipe), no pidfd_getfd.
    The copy is kept (one per interpreter build) in a directory only this uid can write.
    """
    real = os.path.realpath(python)
    if not real.startswith("/usr/"):
        return None
    try:
        st = os.stat(real)
        directory = os.path.join(tempfile.gettempdir(), f"pyenv-sealed-{os.geteuid()}")
        with contextlib.suppress(FileExistsError):
            os.mkdir(directory, 0o711)
        dst = os.lstat(directory)
        if not stat.S_ISDIR(dst.st_mode) or dst.st_uid != os.geteuid() or dst.st_mode & 0o022:
            raise OSError(f"{directory} is not a private directory")
        os.chmod(directory, 0o711)  # whatever the umask: the sandbox uid must traverse it
        copy = os.path.join(directory, f"{os.path.basename(real)}-{st.st_size}-{st.st_mtime_ns}")
        try:
            cst = os.lstat(copy)
            good = (stat.S_ISREG(cst.st_mode) and cst.st_uid == os.geteuid()
                    and stat.S_IMODE(cst.st_mode) == 0o111 and cst.st_size == st.st_size)
        except FileNotFoundError:
            good = False
        if not good:
            partial = f"{copy}.{os.getpid()}.{threading.get_ident()}"
            shutil.copyfile(real, partial)
            os.chmod(partial, 0o111)
            os.replace(partial, copy)
    except OSError as exc:
        log.warning("no execute-only interpreter (%s): the runner stays dumpable", exc)
        return None
    return copy, real


def _bwrap_argv(workspace: Path, limits: Limits, pytest_dir: Path | None = None) -> list[str]:
    found = _bwrap()
    path, disable_userns = found if found else ("bwrap", False)
    argv = [path, "--unshare-all", "--unshare-user"]
    if disable_userns:
        argv.append("--disable-userns")
    argv += [
        "--die-with-parent",
        "--as-pid-1",  # the runner is init: children cannot signal it, it reaps what they leave
        "--new-session",
        "--cap-drop", "ALL",
        "--ro-bind", "/usr", "/usr",
    ]
    sealed = sealed_interpreter(system_python()) if _seal["enabled"] else None
    if sealed:
        argv += ["--ro-bind", *sealed]
    for link in ("lib", "lib64", "bin", "sbin"):
        if Path(f"/{link}").is_symlink():
            argv += ["--symlink", f"usr/{link}", f"/{link}"]
        elif Path(f"/{link}").is_dir():
            argv += ["--ro-bind", f"/{link}", f"/{link}"]
    argv += [
        "--proc", "/proc",
        "--dev", "/dev",
        "--size", str(SHM_BYTES), "--tmpfs", "/dev/shm",
        "--remount-ro", "/dev",
        "--size", str(limits.tmpfs_mb << 20), "--tmpfs", "/tmp",
        "--ro-bind", str(workspace), "/ws",
        *(["--ro-bind", str(pytest_dir), PYTEST_SANDBOX_PATH] if pytest_dir else []),
        "--remount-ro", "/",
        "--chdir", "/tmp",
        "--clearenv",
        "--setenv", "PYTHONHASHSEED", "0",
        "--setenv", "HOME", "/tmp",
        "--setenv", "TZ", "UTC",
        "--setenv", "LANG", "C.UTF-8",
    ]
    return argv


@lru_cache(maxsize=4)
def _tool(name: str) -> str | None:
    return shutil.which(name, path=HOST_ENV["PATH"])


def _as_uid(uid: int) -> tuple[list[str], dict]:
    """How to start a sandbox process as `uid`: an exec prefix, or Popen arguments.

    `setpriv` in the exec chain keeps subprocess on vfork (`user=` forces a fork, which copies
    the server's page tables: 15-30 ms per job for a 200 MB server). `choom` makes every
    sandboxed process the OOM killer's first choice, should a job exhaust the host's memory.
    """
    prefix = []
    choom = _tool("choom")
    if choom:
        prefix += [choom, "-n", "1000", "--"]
    if os.geteuid() != 0:
        return prefix, {}
    setpriv = _tool("setpriv")
    if setpriv:
        prefix += [setpriv, f"--reuid={uid}", f"--regid={uid}", "--clear-groups", "--nnp", "--"]
        return prefix, {}
    return prefix, {"user": uid, "group": uid, "extra_groups": []}


@lru_cache(maxsize=4)
def _runner_code(python: str) -> bytes | None:
    """The runner compiled and marshalled by the sandbox interpreter itself, or None."""
    try:
        done = subprocess.run(
            [python, "-I", "-S", "-B", "-c", _COMPILE], input=RUNNER_SOURCE.encode(),
            capture_output=True, timeout=30, env=HOST_ENV,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        log.warning("could not precompile the sandbox runner (%s): sending its source", exc)
        return None
    if done.returncode != 0 or not done.stdout:
        log.warning("could not precompile the sandbox runner: sending its source")
        return None
    return done.stdout


@lru_cache(maxsize=4096)
def _imports_of_text(text: str) -> frozenset[str]:
    names = set()
    for match in _IMPORT_RE.finditer(text):
        if match.group(1):
            names.add(match.group(1))
        else:
            for part in match.group(2).split(","):
                words = part.split()
                if words:
                    names.add(words[0])
    return frozenset(n for n in names if n.split(".")[0] in PRELOADABLE)


@lru_cache(maxsize=4096)
def _imports_of_file(path: str, mtime_ns: int, size: int) -> frozenset[str]:
    try:
        return _imports_of_text(Path(path).read_text(encoding="utf-8", errors="replace"))
    except OSError:
        return frozenset()


def preload_names(workspace: Path, job: dict) -> list[str]:
    """Standard-library modules the job's code imports, unless the workspace shadows them."""
    names: set[str] = set()
    shadowed: set[str] = set()
    try:
        for entry in os.scandir(workspace):
            shadowed.add(entry.name.removesuffix(".py"))
    except OSError:
        return []
    for dirpath, _dirs, files in os.walk(workspace):
        for name in files:
            if name.endswith(".py"):
                path = os.path.join(dirpath, name)
                try:
                    st = os.stat(path)
                except OSError:
                    continue
                names |= _imports_of_file(path, st.st_mtime_ns, st.st_size)
    if isinstance(job.get("source"), str):
        # Only what every probe imports: a module one probe alone imports, preloaded, would
        # tell the others' children about that probe (they see sys.modules).
        try:
            units = probe_units(job["source"], tuple(job.get("checks", ())))
        except SyntaxError:
            units = ()
        if units:
            names |= frozenset.intersection(*(_imports_of_text(unit) for unit in units))
    if shadowed & sys.stdlib_module_names:
        # A workspace module named like a standard-library one: a preloaded module could have
        # imported the standard one where a plain import in the child would get the workspace's.
        return []
    return sorted(names)[:MAX_PRELOAD]


class Sandbox:
    """A bounded pool of sandbox slots; `run` blocks until a slot is free. A freed slot goes to
    the waiting session that used the sandbox least lately, equals in turn (fair_slots.py); a
    session with MAX_QUEUED_JOBS jobs waiting has the next refused with SandboxBusy.

    `backend` (or `PYTHON_ENV_SANDBOX_BACKEND`) forces `bwrap` or `landlock`; by default the
    first that works on this machine is used.
    """

    def __init__(self, workers: int | None = None, limits: Limits | None = None,
                 base_uid: int = BASE_UID, backend: str | None = None):
        self.limits = limits or Limits()
        self.workers = workers or max(1, os.cpu_count() or 1)
        self.base_uid = base_uid  # slot i runs as base_uid + i (when started as root)
        self.backend = detect_backend(backend)
        self._slots = FairSlots(self.workers, MAX_QUEUED_JOBS)
        self._scratch: dict[int, Path] = {}

    def run(self, workspace: Path, job: dict, limits: Limits | None = None) -> JobResult:
        limits = limits or self.limits
        slot = self._slots.acquire(job_owner())
        try:
            return self._run(workspace, job, limits, slot)
        finally:
            self._slots.release(slot)

    def _command(self, workspace: Path, limits: Limits, slot: int,
                 pytest_dir: Path | None = None) -> tuple[list[str], dict, bytes]:
        """argv, extra Popen arguments, and the stdin prefix that carries the runner."""
        python = system_python()
        code = _runner_code(python)
        if code is not None:
            runner, prefix = [python, "-I", "-S", "-B", "-c", BOOTSTRAP], b"%d\n" % len(code) + code
        else:
            runner, prefix = [python, "-I", "-S", "-B", "-c", RUNNER_SOURCE], b""
        launcher, kwargs = _as_uid(self.base_uid + slot)
        if self.backend == "bwrap":
            return (launcher + _bwrap_argv(workspace, limits, pytest_dir) + runner, kwargs,
                    prefix)
        return launcher + runner, kwargs, prefix

    def _run(self, workspace: Path, job: dict, limits: Limits, slot: int) -> JobResult:
        if job.get("mode") == "probes":  # never the file: one unit per probe, see probe_units
            names = list(job["checks"])
            try:
                units = probe_units(job["source"], tuple(names))
            except SyntaxError as exc:
                return JobResult("crashed", 0.0, detail=f"the probes do not compile: {exc}")
            try:
                units_fd = _units_file(names, units)
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
        return self._spawn(workspace, job, limits, slot, None, 0)

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
        env, scratch, unsafe_dir = HOST_ENV, None, None
        if self.backend == "bwrap":
            job.update(pidns=True)
        elif self.backend == "landlock":
            scratch = self._scratch_dir(slot, limits)
            env = _confined_env(scratch)
            job.update(root=str(workspace), cwd=str(scratch),
                       confine=_landlock_spec(workspace, scratch, pytest_dir),
                       reap_uid=uid if own_uid else None)
        else:
            unsafe_dir = str(owned_tempdir("unsafe"))
            os.chmod(unsafe_dir, 0o777)
            job.update(root=str(workspace), cwd=unsafe_dir)
        start = time.perf_counter()
        try:
            proc = subprocess.Popen(
                argv,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                close_fds=True,
                process_group=0,
                env=env,
                **kwargs,
            )
        except OSError as exc:
            return JobResult("crashed", 0.0, detail=f"could not start the sandbox: {exc}")
        finished = False
        try:
            out, err, timed_out = _communicate(proc, prefix + marshal.dumps(job), limits.wall_s)
            finished = not timed_out and proc.returncode == 0  # then the runner reaped
        finally:
            if self.backend == "landlock" and own_uid and not finished:
                _reap_uid(uid)  # no pid namespace: whatever the job left behind
            if scratch is not None:
                _empty(scratch)
            if unsafe_dir is not None:
                shutil.rmtree(unsafe_dir, ignore_errors=True)
        wall_ms = (time.perf_counter() - start) * 1000
        return _job_result(proc.returncode, out, err, timed_out, wall_ms,
                           signal_exit=self.backend == "bwrap")

    def _scratch_dir(self, slot: int, limits: Limits) -> Path:
        """The slot's scratch directory: a size-limited tmpfs where mounting is allowed."""
        if slot not in self._scratch:
            self._scratch[slot] = _make_scratch(self.base_uid + slot, limits.tmpfs_mb)
        path = self._scratch[slot]
        _empty(path)
        return path


def _units_file(names: list[str], units: tuple[str, ...]) -> int:
    """A sealed memfd holding one (name, source) unit per probe, after an index of 16-byte
    (offset, length) entries: each child of the runner reads its own entry and unit only."""
    blobs = [marshal.dumps((OPAQUE_NAME, opaque(unit, name)))
             for name, unit in zip(names, units, strict=True)]
    index, offset = bytearray(), 16 * len(blobs)
    for blob in blobs:
        index += offset.to_bytes(8, "little") + len(blob).to_bytes(8, "little")
        offset += len(blob)
    fd = os.memfd_create("probe-units", os.MFD_CLOEXEC | os.MFD_ALLOW_SEALING)
    try:
        view = memoryview(bytes(index) + b"".join(blobs))
        while view:
            view = view[os.write(fd, view):]
        fcntl.fcntl(fd, fcntl.F_ADD_SEALS, fcntl.F_SEAL_SEAL | fcntl.F_SEAL_SHRINK
                    | fcntl.F_SEAL_GROW | fcntl.F_SEAL_WRITE)
    except BaseException:
        os.close(fd)
        raise
    return fd


def _job_result(code: int, out: bytes, err: bytes, timed_out: bool, wall_ms: float,
                signal_exit: bool) -> JobResult:
    stderr = err[:OUTPUT_CAP].decode("utf-8", "replace")
    if timed_out:
        return JobResult("timeout", wall_ms, stderr=stderr, detail="wall-clock limit reached")
    if code < 0:
        name = signal.Signals(-code).name
        return JobResult("killed", wall_ms, stderr=stderr, detail=f"killed by {name}")
    try:
        if code != 0:  # whatever it printed, a runner that did not finish failed
            raise ValueError(f"exit code {code}")
        results = json.loads(out)["results"]
        if not isinstance(results, dict | list):
            raise TypeError("results is not an object")
    except (ValueError, KeyError, TypeError):
        detail = f"runner exit code {code}"
        if code > 128 and signal_exit:  # bwrap reports a signal as 128 + n
            with contextlib.suppress(ValueError):
                detail += f" (runner killed by {signal.Signals(code - 128).name})"
        return JobResult("crashed", wall_ms, stderr=stderr, detail=detail)
    return JobResult("ok", wall_ms, results=results, stderr=stderr)


# ---------------------------------------------------------------- Landlock + seccomp fallback
# Where user namespaces are blocked: the runner runs as the slot's uid, with no namespaces;
# each child confines itself after the fork (sandbox_runner._confinement): Landlock lets it read
# /usr and the workspace and write only the slot's scratch directory, denies TCP, and (ABI 6+)
# signals and abstract sockets beyond its domain; seccomp refuses socket(), ptrace, namespaces,
# mounts, keyrings, bpf, perf, userfaultfd and io_uring. Without a pid namespace, every process
# of the slot's uid is killed after the job. The scratch directory is a size-limited tmpfs when
# the server may mount one (root with CAP_SYS_ADMIN), else a plain directory (then only
# RLIMIT_FSIZE bounds what a job writes).

_DEVICES = ("/dev/null", "/dev/zero", "/dev/full", "/dev/random", "/dev/urandom")
_mounted: list[str] = []


def _landlock_spec(workspace: Path, scratch: Path, pytest_dir: Path | None = None) -> dict:
    roots = ["/usr"] + [f"/{d}" for d in ("lib", "lib64", "bin", "sbin")
                        if Path(f"/{d}").is_dir() and not Path(f"/{d}").is_symlink()]
    read = [str(workspace), *([str(pytest_dir)] if pytest_dir else [])]
    return {"exec": roots, "read": read, "write": [str(scratch)],
            "devices": list(_DEVICES)}


def _confined_env(scratch: Path) -> dict[str, str]:
    return {"PATH": "/usr/bin:/bin", "HOME": str(scratch), "TMPDIR": str(scratch), "TZ": "UTC",
            "LANG": "C.UTF-8", "PYTHONHASHSEED": "0"}


def _make_scratch(uid: int, size_mb: int) -> Path:
    path = owned_tempdir("scratch")
    if os.geteuid() != 0:
        return path
    mount = _tool("mount")
    if mount:
        done = subprocess.run(
            [mount, "-t", "tmpfs", "-o", f"size={size_mb}m,mode=0700,uid={uid},gid={uid},"
             "nosuid,nodev", "tmpfs", str(path)], capture_output=True, env=HOST_ENV)
        if done.returncode == 0:
            _mounted.append(str(path))
            return path
        log.warning("landlock backend: cannot mount a tmpfs for the scratch directory (%s); "
                    "only RLIMIT_FSIZE bounds what a job writes",
                    done.stderr.decode(errors="replace").strip())
    os.chown(path, uid, uid)
    return path


@atexit.register
def _unmount_scratch() -> None:
    umount = _tool("umount")
    for path in _mounted:
        if umount:
            subprocess.run([umount, "-l", path], capture_output=True, env=HOST_ENV)
        shutil.rmtree(path, ignore_errors=True)


def _empty(path: Path) -> None:
    with os.scandir(path) as entries:
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                shutil.rmtree(entry.path, ignore_errors=True)
            else:
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(entry.path)


def _reap_uid(uid: int) -> None:
    """SIGKILL every process of `uid` (a uid lent to one job): kill(-1) as that uid."""
    setpriv, kill = _tool("setpriv"), _tool("kill")
    if setpriv and kill and uid >= 1000:
        subprocess.run([setpriv, f"--reuid={uid}", f"--regid={uid}", "--clear-groups", "--",
                        kill, "-9", "-1"], capture_output=True, env=HOST_ENV)


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
                chunk = os.read(key.fd, 1 << 20)
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


BACKEND_ENV = "PYTHON_ENV_SANDBOX_BACKEND"
BACKENDS = ("bwrap", "landlock")


def detect_backend(preferred: str | None = None) -> str:
    """The first backend whose probe job is contained (`bwrap`, then `landlock`), or the one
    asked for (argument, else $PYTHON_ENV_SANDBOX_BACKEND); `unsafe` only if opted in."""
    return _detect_backend(preferred or os.environ.get(BACKEND_ENV) or None)


@lru_cache(maxsize=4)
def _detect_backend(preferred: str | None) -> str:
    if preferred is not None and preferred not in BACKENDS:
        raise SandboxUnavailable(f"unknown sandbox backend {preferred!r}: one of {BACKENDS}")
    reasons = []
    for backend in [preferred] if preferred else BACKENDS:
        reason = _probe_bwrap() if backend == "bwrap" else _probe_landlock()
        if reason is None:
            if backend == "landlock" and os.geteuid() != 0:
                log.warning("landlock sandbox without root: jobs run as this uid, and processes "
                            "a job leaves behind are not reaped")
            return backend
        reasons.append(f"{backend}: {reason}")
    reason = "; ".join(reasons)
    if preferred is None and os.environ.get(UNSAFE_ENV) == "1":
        log.warning(
            "!!! %s=1: running untrusted code WITHOUT a sandbox (%s). Local development only.",
            UNSAFE_ENV,
            reason,
        )
        return "unsafe"
    raise SandboxUnavailable(
        f"cannot sandbox untrusted code ({reason}). Install bubblewrap and allow unprivileged "
        f"user namespaces, or use a kernel with Landlock and seccomp, or set {UNSAFE_ENV}=1 for "
        "local development only."
    )


def _probe_bwrap() -> str | None:
    """None when a bare interpreter starts under bubblewrap, else why not."""
    if not _bwrap():
        return "bubblewrap (bwrap) is not installed"
    probe_dir = owned_tempdir("probe")
    probe_dir.chmod(0o755)
    try:
        launcher, kwargs = _as_uid(BASE_UID)
        for sealed in (True, False):
            _seal["enabled"] = sealed
            argv = [*launcher, *_bwrap_argv(probe_dir, Limits()), system_python(), "-I", "-S",
                    "-c", "0"]
            done = subprocess.run(argv, capture_output=True, timeout=20, env=HOST_ENV, **kwargs)
            if done.returncode == 0:
                if not sealed:
                    log.warning("the execute-only interpreter does not run (noexec %s?): the "
                                "runner stays dumpable", tempfile.gettempdir())
                return None
        return done.stderr.decode(errors="replace").strip() or f"exit code {done.returncode}"
    except (OSError, subprocess.TimeoutExpired, SandboxUnavailable) as exc:
        return str(exc)
    finally:
        shutil.rmtree(probe_dir, ignore_errors=True)


_CONFINED_PROBE = """
def check_confined():
    import os, socket
    out = []
    for attempt in (lambda: os.listdir("/"), lambda: socket.socket()):
        try:
            attempt()
            out.append("allowed")
        except PermissionError:
            out.append("denied")
    return out
"""


def _probe_landlock() -> str | None:
    """None when a probe job under Landlock + seccomp is refused "/" and sockets."""
    if sys.platform != "linux":
        return "Landlock needs Linux"
    probe_dir = owned_tempdir("probe")
    probe_dir.chmod(0o755)
    box = Sandbox.__new__(Sandbox)
    box.base_uid, box.backend, box._scratch = BASE_UID, "landlock", {}
    try:
        job = box._run(probe_dir, {"mode": "probes", "source": _CONFINED_PROBE,
                                   "checks": ["check_confined"]}, Limits(wall_s=20), 0)
    except (OSError, SandboxUnavailable) as exc:
        return str(exc)
    finally:
        shutil.rmtree(probe_dir, ignore_errors=True)
    result = job.results.get("check_confined")
    if job.status == "ok" and result == {"ok": ["denied", "denied"]}:
        return None
    tail = job.stderr.strip().splitlines()[-1:] or [job.detail]
    return f"probe job {job.status}: {result or tail[0]}"


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
    root = root or owned_tempdir("ws")
    root.chmod(0o755)
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o755)
        path.write_text(text, encoding="utf-8")
        path.chmod(0o644)
    for directory in [root, *(p for p in root.rglob("*") if p.is_dir())]:
        directory.chmod(0o755)
    return root
