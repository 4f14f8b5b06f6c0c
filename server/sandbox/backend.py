"""Choosing how to sandbox on this machine: the first backend whose probe job is contained.

bubblewrap first (namespaces; the probe also finds whether the execute-only interpreter runs),
then Landlock + seccomp where user namespaces are blocked; `PYTHON_ENV_SANDBOX_BACKEND=bwrap|
landlock` forces one. Where neither works, jobs are refused: `PYTHON_ENV_UNSAFE_SANDBOX=1` runs
them as a plain subprocess with rlimits for local development only, and says so loudly.

What a probe finds is a `Backend` value held by each Sandbox, never module state: two sandboxes
with different backends coexist in one process. Probing is done once per process and choice
(`once`): it starts real jobs.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass

from ..leftovers import owned_tempdir
from ..once import once
from .bwrap import bwrap_argv, bwrap_binary
from .host import BASE_UID, HOST_ENV, SandboxUnavailable, as_uid, system_python
from .limits import Limits

log = logging.getLogger(__name__)

BACKEND_ENV = "PYTHON_ENV_SANDBOX_BACKEND"
UNSAFE_ENV = "PYTHON_ENV_UNSAFE_SANDBOX"
BACKENDS = ("bwrap", "landlock")


@dataclass(frozen=True)
class Backend:
    name: str  # bwrap | landlock | unsafe
    # bwrap: the runner runs from the execute-only copy of the interpreter (non-dumpable).
    sealed: bool = False


def detect_backend(preferred: str | None = None) -> Backend:
    """The first backend whose probe job is contained (`bwrap`, then `landlock`), or the one
    asked for (argument, else $PYTHON_ENV_SANDBOX_BACKEND); `unsafe` only if opted in."""
    return _detect_backend(preferred or os.environ.get(BACKEND_ENV) or None)


@once(maxsize=4)
def _detect_backend(preferred: str | None) -> Backend:
    if preferred is not None and preferred not in BACKENDS:
        raise SandboxUnavailable(f"unknown sandbox backend {preferred!r}: one of {BACKENDS}")
    reasons = []
    for name in [preferred] if preferred else BACKENDS:
        found = _probe_bwrap() if name == "bwrap" else _probe_landlock()
        if isinstance(found, Backend):
            if name == "landlock" and os.geteuid() != 0:
                log.warning("landlock sandbox without root: jobs run as this uid, and processes "
                            "a job leaves behind are not reaped")
            return found
        reasons.append(f"{name}: {found}")
    reason = "; ".join(reasons)
    if preferred is None and os.environ.get(UNSAFE_ENV) == "1":
        log.warning(
            "!!! %s=1: running untrusted code WITHOUT a sandbox (%s). Local development only.",
            UNSAFE_ENV,
            reason,
        )
        return Backend("unsafe")
    raise SandboxUnavailable(
        f"cannot sandbox untrusted code ({reason}). Install bubblewrap and allow unprivileged "
        f"user namespaces, or use a kernel with Landlock and seccomp, or set {UNSAFE_ENV}=1 for "
        "local development only."
    )


def _probe_bwrap() -> Backend | str:
    """The bwrap backend when a bare interpreter starts under bubblewrap, else why not."""
    if not bwrap_binary():
        return "bubblewrap (bwrap) is not installed"
    probe_dir = owned_tempdir("probe")
    probe_dir.chmod(0o755)
    try:
        launcher, kwargs = as_uid(BASE_UID)
        for sealed in (True, False):
            argv = [*launcher, *bwrap_argv(probe_dir, Limits(), sealed=sealed), system_python(),
                    "-I", "-S", "-c", "0"]
            done = subprocess.run(argv, capture_output=True, timeout=20, env=HOST_ENV, **kwargs)
            if done.returncode == 0:
                if not sealed:
                    log.warning("the execute-only interpreter does not run (noexec %s?): the "
                                "runner stays dumpable", tempfile.gettempdir())
                return Backend("bwrap", sealed=sealed)
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


def _probe_landlock() -> Backend | str:
    """The landlock backend when a probe job under it is refused "/" and sockets, else why not."""
    from .pool import Sandbox  # the probe is a real job: the pool imports this module

    if sys.platform != "linux":
        return "Landlock needs Linux"
    backend = Backend("landlock")
    probe_dir = owned_tempdir("probe")
    probe_dir.chmod(0o755)
    box = Sandbox(workers=1, base_uid=BASE_UID, backend=backend)
    try:
        job = box.run(probe_dir, {"mode": "probes", "source": _CONFINED_PROBE,
                                  "checks": ["check_confined"]}, Limits(wall_s=20))
    except (OSError, SandboxUnavailable) as exc:
        return str(exc)
    finally:
        box.scratch.close()
        shutil.rmtree(probe_dir, ignore_errors=True)
    result = job.results.get("check_confined")
    if job.status == "ok" and result == {"ok": ["denied", "denied"]}:
        return backend
    tail = job.stderr.strip().splitlines()[-1:] or [job.detail]
    return f"probe job {job.status}: {result or tail[0]}"
