"""Creating and inspecting data-directory snapshots.

A snapshot is a gzip-compressed tar archive whose member names are relative to the snapshotted
directory (`uploads/a.png`, `db/state.sqlite`, ...).
"""

from __future__ import annotations

import os
import tarfile
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Entry:
    name: str
    size: int
    is_dir: bool


def create_snapshot(source: str | os.PathLike[str], archive: str | os.PathLike[str]) -> int:
    """Archive every file under `source` into `archive`; return the number of files stored."""
    source = Path(source)
    if not source.is_dir():
        raise NotADirectoryError(source)
    count = 0
    with tarfile.open(archive, "w:gz") as tar:
        for path in sorted(source.rglob("*")):
            if path.is_symlink():
                continue
            tar.add(path, arcname=path.relative_to(source).as_posix(), recursive=False)
            count += path.is_file()
    return count


def list_snapshot(archive: str | os.PathLike[str]) -> list[Entry]:
    """The entries of a snapshot, in archive order."""
    with tarfile.open(archive, "r:gz") as tar:
        return [Entry(m.name, m.size, m.isdir()) for m in tar.getmembers()]
