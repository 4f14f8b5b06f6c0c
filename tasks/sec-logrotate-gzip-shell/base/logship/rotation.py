"""Size-based rotation of plain-text log files.

`app.log` is rotated to `app.log.1`, the previous `app.log.1` to `app.log.2` and so on; files
beyond `keep` generations are deleted.
"""

from __future__ import annotations

import os
from pathlib import Path


def generations(path: Path, keep: int) -> list[Path]:
    """The rotated siblings of `path`, `path.1` first, that may exist for `keep` generations."""
    return [path.with_name(f"{path.name}.{n}") for n in range(1, keep + 1)]


def needs_rotation(path: Path, max_bytes: int) -> bool:
    """True when `path` exists and has reached `max_bytes`."""
    try:
        return path.stat().st_size >= max_bytes
    except FileNotFoundError:
        return False


def rotate(path: str | os.PathLike[str], keep: int = 5) -> list[Path]:
    """Shift the generations of `path` by one and start an empty log.

    Returns the rotated files that exist afterwards, newest first.
    """
    if keep < 1:
        raise ValueError("keep must be at least 1")
    path = Path(path)
    olds = generations(path, keep)
    olds[-1].unlink(missing_ok=True)
    for newer, older in zip(reversed(olds[:-1]), reversed(olds[1:]), strict=True):
        if newer.exists():
            newer.replace(older)
    if path.exists():
        path.replace(olds[0])
    path.touch()
    return [p for p in olds if p.exists()]
