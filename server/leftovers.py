"""Temporary directories named for the process that owns them, and a sweep of the dead ones'.

A server killed with SIGKILL (or by the OOM killer) cannot remove its workspace and scratch
directories. Each one is therefore named `pyenv-<kind>-<pid>.<start>-<random>`, where <start> is
the process's start time in clock ticks since boot (field 22 of /proc/<pid>/stat): a pid reused
by a later process has another start time, so a live owner is never mistaken for a dead one and
a dead owner's pid taken by another process does not keep its directories forever. On start-up a
server removes the directories whose owner is gone; several servers (and test runs) may share the
machine, so a directory of a live process is never touched.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

log = logging.getLogger(__name__)

KINDS = ("ws", "scratch", "unsafe", "probe")
_NAME = re.compile(rf"^pyenv-(?:{'|'.join(KINDS)})-(\d+)\.(\d+)-")
_tags: dict[int, str] = {}


def _start_time(pid: int) -> str | None:
    """The process's start time (clock ticks after boot), or None if there is no such process."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return fields[19] if len(fields) > 19 else None


def owner_tag() -> str:
    """`<pid>.<start time>` of this process (recomputed after a fork)."""
    pid = os.getpid()
    if pid not in _tags:
        _tags[pid] = f"{pid}.{_start_time(pid) or 0}"
    return _tags[pid]


def owned_tempdir(kind: str) -> Path:
    assert kind in KINDS
    return Path(tempfile.mkdtemp(prefix=f"pyenv-{kind}-{owner_tag()}-"))


def _owner_alive(pid: int, start: str) -> bool:
    return _start_time(pid) == start


def sweep_stale(directory: Path | None = None) -> list[Path]:
    """Remove the pyenv directories in `directory` (default: the temporary directory) whose
    owning process is gone; return them."""
    directory = directory or Path(tempfile.gettempdir())
    removed = []
    euid = os.geteuid()
    try:
        entries = list(os.scandir(directory))
    except OSError:
        return []
    for entry in entries:
        match = _NAME.match(entry.name)
        if not match or not entry.is_dir(follow_symlinks=False):
            continue
        if _owner_alive(int(match.group(1)), match.group(2)):
            continue
        with contextlib.suppress(OSError):
            if euid != 0 and entry.stat(follow_symlinks=False).st_uid != euid:
                continue  # another user's: not ours to remove (and we could not)
        path = Path(entry.path)
        if os.path.ismount(path):  # a landlock scratch tmpfs
            umount = shutil.which("umount")
            if umount:
                subprocess.run([umount, "-l", str(path)], capture_output=True, check=False)
        shutil.rmtree(path, ignore_errors=True)
        if not path.exists():
            removed.append(path)
    if removed:
        log.info("removed %d directories left by dead server processes", len(removed))
    return removed
