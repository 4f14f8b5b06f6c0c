"""Landlock + seccomp, the host side of the fallback where user namespaces are blocked.

The runner runs as the slot's uid, with no namespaces; each child confines itself after the
fork (runner/confine.py): Landlock lets it read /usr and the workspace and write only the
slot's scratch directory, denies TCP, and (ABI 6+) signals and abstract sockets beyond its
domain; seccomp refuses socket(), ptrace, namespaces, mounts, keyrings, bpf, perf, userfaultfd
and io_uring. Without a pid namespace, every process of the slot's uid is killed after the job.
The scratch directory is a size-limited tmpfs when the server may mount one (root with
CAP_SYS_ADMIN), else a plain directory (then only RLIMIT_FSIZE bounds what a job writes).
"""

from __future__ import annotations

import atexit
import contextlib
import logging
import os
import shutil
import subprocess
import threading
from pathlib import Path

from ..leftovers import owned_tempdir
from .host import HOST_ENV, tool

log = logging.getLogger(__name__)

DEVICES = ("/dev/null", "/dev/zero", "/dev/full", "/dev/random", "/dev/urandom")


def landlock_spec(workspace: Path, scratch: Path, pytest_dir: Path | None = None) -> dict:
    """What the runner's children may reach (the runner builds the ruleset from it)."""
    roots = ["/usr"] + [f"/{d}" for d in ("lib", "lib64", "bin", "sbin")
                        if Path(f"/{d}").is_dir() and not Path(f"/{d}").is_symlink()]
    read = [str(workspace), *([str(pytest_dir)] if pytest_dir else [])]
    return {"exec": roots, "read": read, "write": [str(scratch)], "devices": list(DEVICES)}


def confined_env(scratch: Path) -> dict[str, str]:
    return {"PATH": "/usr/bin:/bin", "HOME": str(scratch), "TMPDIR": str(scratch), "TZ": "UTC",
            "LANG": "C.UTF-8", "PYTHONHASHSEED": "0"}


class ScratchDirs:
    """The scratch directory of each slot of one sandbox, emptied before every job; the tmpfs
    mounts among them are unmounted by `close` (at the latest when the process exits)."""

    def __init__(self, base_uid: int):
        self.base_uid = base_uid
        self.dirs: dict[int, Path] = {}
        self.mounted: list[str] = []
        self._lock = threading.Lock()

    def for_slot(self, slot: int, size_mb: int) -> Path:
        with self._lock:  # a slot is held by one job at a time, but slots share the dict
            if slot not in self.dirs:
                self.dirs[slot] = self._make(self.base_uid + slot, size_mb)
            path = self.dirs[slot]
        empty(path)
        return path

    def _make(self, uid: int, size_mb: int) -> Path:
        path = owned_tempdir("scratch")
        if os.geteuid() != 0:
            return path
        mount = tool("mount")
        if mount:
            done = subprocess.run(
                [mount, "-t", "tmpfs", "-o", f"size={size_mb}m,mode=0700,uid={uid},gid={uid},"
                 "nosuid,nodev", "tmpfs", str(path)], capture_output=True, env=HOST_ENV)
            if done.returncode == 0:
                if not self.mounted:
                    atexit.register(self.close)
                self.mounted.append(str(path))
                return path
            log.warning("landlock backend: cannot mount a tmpfs for the scratch directory (%s); "
                        "only RLIMIT_FSIZE bounds what a job writes",
                        done.stderr.decode(errors="replace").strip())
        os.chown(path, uid, uid)
        return path

    def close(self) -> None:
        """Unmount and remove every scratch directory (the sandbox makes new ones if used)."""
        umount = tool("umount")
        with self._lock:
            mounted, self.mounted = self.mounted, []
            dirs, self.dirs = list(self.dirs.values()), {}
        for path in mounted:
            if umount:
                subprocess.run([umount, "-l", path], capture_output=True, env=HOST_ENV)
        for path in dirs:
            shutil.rmtree(path, ignore_errors=True)
        if mounted:
            atexit.unregister(self.close)


def empty(path: Path) -> None:
    with os.scandir(path) as entries:
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                shutil.rmtree(entry.path, ignore_errors=True)
            else:
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(entry.path)

