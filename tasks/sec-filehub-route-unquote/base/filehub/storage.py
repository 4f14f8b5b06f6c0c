"""Blob storage on the local file system: one flat directory of files.

Names reaching this class are single path segments (the router only hands out one segment
per parameter and the request checks refuse `.` and `..`), so they are joined to the root
as they are.
"""

from __future__ import annotations

import os
from pathlib import Path


class Storage:
    def __init__(self, root: str | os.PathLike[str]) -> None:
        self.root = Path(root)
        self.root.mkdir(parents=True, exist_ok=True)

    def save(self, name: str, data: bytes) -> None:
        (self.root / name).write_bytes(data)

    def read(self, name: str) -> bytes:
        return (self.root / name).read_bytes()

    def names(self) -> list[str]:
        return sorted(p.name for p in self.root.iterdir() if p.is_file())
