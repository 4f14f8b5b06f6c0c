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


def _check_member(member: tarfile.TarInfo, destination: Path) -> None:
    if not (member.isfile() or member.isdir()):
        raise ValueError(f"refusing to restore {member.name!r}: not a regular file or directory")
    target = (destination / member.name).resolve()
    if not target.is_relative_to(destination):
        raise ValueError(f"refusing to restore {member.name!r}: outside the destination")


def restore_snapshot(
    archive: str | os.PathLike[str], destination: str | os.PathLike[str]
) -> list[str]:
    """Unpack a snapshot into `destination`, which must be missing or empty.

    Returns the names of the restored files (directories excluded), in archive order.
    """
    destination = Path(destination)
    if destination.exists() and any(destination.iterdir()):
        raise FileExistsError(f"{destination} is not empty")
    destination.mkdir(parents=True, exist_ok=True)
    destination = destination.resolve()
    with tarfile.open(archive, "r:gz") as tar:
        members = tar.getmembers()
        for member in members:
            _check_member(member, destination)
        for member in members:
            tar.extract(member, destination)
    return [m.name for m in members if m.isfile()]
