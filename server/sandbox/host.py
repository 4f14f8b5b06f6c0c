"""The host side of every sandbox process: which interpreter, which uid, how to end them.

Worker slot n runs as uid BASE_UID + n, and a job's clean-up kills every process of its uid:
two processes sandboxing on one machine at once (two servers, two test runs) need their own
range (`PYTHON_ENV_SANDBOX_BASE_UID`).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
from functools import lru_cache
from types import MappingProxyType

BASE_UID = int(os.environ.get("PYTHON_ENV_SANDBOX_BASE_UID", "61000"))
HOST_ENV = MappingProxyType({"PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "LANG": "C.UTF-8"})


class SandboxUnavailable(RuntimeError):
    """No safe way to run untrusted code on this machine."""


def system_python() -> str:
    """An interpreter the sandbox uid can read: never one under a private home directory."""
    configured = os.environ.get("PYTHON_ENV_SANDBOX_PYTHON")
    if configured:
        return configured
    for candidate in ("/usr/bin/python3", "/usr/local/bin/python3"):
        if os.access(candidate, os.X_OK):
            return candidate
    raise SandboxUnavailable("no system interpreter at /usr/bin/python3 or /usr/local/bin/python3")


@lru_cache(maxsize=8)
def tool(name: str) -> str | None:
    return shutil.which(name, path=HOST_ENV["PATH"])


def as_uid(uid: int) -> tuple[list[str], dict]:
    """How to start a sandbox process as `uid`: an exec prefix, or Popen arguments.

    `setpriv` in the exec chain keeps subprocess on vfork (`user=` forces a fork, which copies
    the server's page tables: 15-30 ms per job for a 200 MB server). `choom` makes every
    sandboxed process the OOM killer's first choice, should a job exhaust the host's memory.
    """
    prefix = []
    choom = tool("choom")
    if choom:
        prefix += [choom, "-n", "1000", "--"]
    if os.geteuid() != 0:
        return prefix, {}
    setpriv = tool("setpriv")
    if setpriv:
        prefix += [setpriv, f"--reuid={uid}", f"--regid={uid}", "--clear-groups", "--nnp", "--"]
        return prefix, {}
    return prefix, {"user": uid, "group": uid, "extra_groups": []}


def reap_uid(uid: int) -> None:
    """SIGKILL every process of `uid` (a uid lent to one job): kill(-1) as that uid."""
    setpriv, kill = tool("setpriv"), tool("kill")
    if setpriv and kill and uid >= 1000:
        subprocess.run([setpriv, f"--reuid={uid}", f"--regid={uid}", "--clear-groups", "--",
                        kill, "-9", "-1"], capture_output=True, env=HOST_ENV)


def kill_group(proc: subprocess.Popen) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)
