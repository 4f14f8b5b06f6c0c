"""bubblewrap: the command that jails one job, and the execute-only interpreter it runs.

Every namespace is unshared (no network, private pids so nothing outlives the job, no further
user namespaces), the workspace is bound read-only at /ws, the root and /dev are read-only, and
a size-limited tmpfs at /tmp is the only scratch space (plus a small one at /dev/shm). The
runner is pid 1 of its namespace (children cannot signal it) and runs from an execute-only copy
of the interpreter, which makes it non-dumpable: code it runs under the same uid cannot ptrace
it, read its memory or reach its results pipe through /proc.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import stat
import subprocess
import tempfile
import threading
from functools import lru_cache
from pathlib import Path

from ..pytest_bundle import SANDBOX_PATH as PYTEST_SANDBOX_PATH
from .host import HOST_ENV, system_python
from .limits import Limits

log = logging.getLogger(__name__)

SHM_BYTES = 4 << 20


@lru_cache(maxsize=1)
def bwrap_binary() -> tuple[str, bool] | None:
    """bubblewrap's path and whether it knows --disable-userns (0.8.0+)."""
    path = shutil.which("bwrap")
    if path is None:
        return None
    try:
        usage = subprocess.run([path, "--help"], capture_output=True, timeout=10, env=HOST_ENV)
        return path, b"--disable-userns" in usage.stdout + usage.stderr
    except (OSError, subprocess.TimeoutExpired):
        return path, False


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
        directory = _private_directory()
        copy = os.path.join(directory, f"{os.path.basename(real)}-{st.st_size}-{st.st_mtime_ns}")
        if not _is_sealed_copy(copy, st.st_size):
            partial = f"{copy}.{os.getpid()}.{threading.get_ident()}"
            shutil.copyfile(real, partial)
            os.chmod(partial, 0o111)
            os.replace(partial, copy)
    except OSError as exc:
        log.warning("no execute-only interpreter (%s): the runner stays dumpable", exc)
        return None
    return copy, real


def _private_directory() -> str:
    directory = os.path.join(tempfile.gettempdir(), f"pyenv-sealed-{os.geteuid()}")
    with contextlib.suppress(FileExistsError):
        os.mkdir(directory, 0o711)
    dst = os.lstat(directory)
    if not stat.S_ISDIR(dst.st_mode) or dst.st_uid != os.geteuid() or dst.st_mode & 0o022:
        raise OSError(f"{directory} is not a private directory")
    os.chmod(directory, 0o711)  # whatever the umask: the sandbox uid must traverse it
    return directory


def _is_sealed_copy(copy: str, size: int) -> bool:
    try:
        cst = os.lstat(copy)
    except FileNotFoundError:
        return False
    return (stat.S_ISREG(cst.st_mode) and cst.st_uid == os.geteuid()
            and stat.S_IMODE(cst.st_mode) == 0o111 and cst.st_size == size)


def bwrap_argv(workspace: Path, limits: Limits, pytest_dir: Path | None = None, *,
               sealed: bool) -> list[str]:
    """bubblewrap's argv up to the jailed command; `sealed`: run the execute-only copy of the
    interpreter (bound over the real one), as the backend probe found possible."""
    found = bwrap_binary()
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
    copy = sealed_interpreter(system_python()) if sealed else None
    if copy:
        argv += ["--ro-bind", *copy]
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
