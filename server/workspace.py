"""The per-episode workspace: the files the reviewer reads, searches and patches.

The tree lives in memory (the truth) and is mirrored to a private directory on disk that the
sandbox binds read-only. Paths are workspace-relative; anything escaping the root is refused.
"""

from __future__ import annotations

import contextlib
import shutil
from pathlib import Path, PurePosixPath

from .files import materialize
from .search import SearchError, search_files
from .syntax import parse as parse_source
from .tasks.model import split_lines
from .unified_diff import DiffError, apply_unified_diff

MAX_FILES = 200
MAX_READ_LINES = 400
MAX_NAME_BYTES = 255  # one path component, as most file systems allow
# Everything that scales with the workspace (search, materialising, the sandbox's imports scan,
# grading) is bounded by this total: the task's own files plus whatever patches add.
MAX_WORKSPACE_CHARS = 2_000_000


class WorkspaceError(ValueError):
    """A request the workspace refuses; the message is shown to the agent."""


def normalise(path: str) -> str:
    pure = PurePosixPath(path.strip())
    if not path.strip() or pure.is_absolute() or ".." in pure.parts or "\x00" in path:
        raise WorkspaceError(f"invalid path {path!r}: use a workspace-relative path")
    rel = pure.as_posix().removeprefix("./")
    if rel == ".":
        raise WorkspaceError(f"invalid path {path!r}: use a workspace-relative path")
    return rel


class Workspace:
    def __init__(self, files: dict[str, str]):
        self.original = dict(files)
        self.files = dict(files)
        self.root = materialize(self.files)

    @property
    def changed(self) -> bool:
        return self.files != self.original

    def close(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)

    def _get(self, path: str) -> tuple[str, str]:
        rel = normalise(path)
        if rel not in self.files:
            raise WorkspaceError(f"no such file: {rel!r} (see the file list)")
        return rel, self.files[rel]

    def read(self, path: str, start: int | None, end: int | None) -> str:
        rel, text = self._get(path)
        lines = split_lines(text)
        first = start or 1
        last = min(end or len(lines), len(lines), first + MAX_READ_LINES - 1)
        if lines and first > len(lines):
            raise WorkspaceError(f"{rel} has {len(lines)} lines; start_line {first} is past the end")
        body = "\n".join(f"{n:5d}  {lines[n - 1]}" for n in range(first, last + 1))
        more = f"\n... ({len(lines) - last} more lines)" if last < len(lines) else ""
        return f"{rel} (lines {first}-{last} of {len(lines)})\n{body}{more}"

    def search(self, pattern: str) -> str:
        try:
            return search_files(self.files, pattern)
        except SearchError as exc:
            raise WorkspaceError(str(exc)) from None

    def write(self, path: str, content: str) -> str:
        """Replace or add one file: on disk and in memory, or (refused) in neither."""
        rel = normalise(path)
        self._check_writable(rel)
        total = sum(map(len, self.files.values())) - len(self.files.get(rel, "")) + len(content)
        if total > MAX_WORKSPACE_CHARS:
            raise WorkspaceError(f"patch refused: the workspace would hold {total} characters; "
                                 f"at most {MAX_WORKSPACE_CHARS}")
        if rel.endswith(".py"):
            try:
                parse_source(content, filename=rel)
            except SyntaxError as exc:
                raise WorkspaceError(
                    f"patch refused: {rel} does not parse: {exc.msg} (line {exc.lineno})"
                ) from None
        # Disk first, memory last: tests and grading read the disk, read_file the memory.
        missing = [p for p in (self.root / rel).parents if not p.exists()]
        try:
            materialize({rel: content}, self.root)
        except OSError as exc:
            self._undo_disk(rel, missing)
            raise WorkspaceError(f"cannot write {rel}: {exc.strerror or exc}") from None
        self.files[rel] = content
        return rel

    def _check_writable(self, rel: str) -> None:
        if rel not in self.files and len(self.files) >= MAX_FILES:
            raise WorkspaceError(f"the workspace holds at most {MAX_FILES} files")
        parts = rel.split("/")
        long = [p for p in parts if len(p.encode("utf-8")) > MAX_NAME_BYTES]
        if long:
            raise WorkspaceError(
                f"invalid path {rel!r}: a name is longer than {MAX_NAME_BYTES} bytes"
            )
        if any(other.startswith(rel + "/") for other in self.files):
            raise WorkspaceError(f"{rel!r} is a directory: patch a file")
        for i in range(1, len(parts)):
            if "/".join(parts[:i]) in self.files:
                raise WorkspaceError(f"{'/'.join(parts[:i])!r} is a file, not a directory")

    def _undo_disk(self, rel: str, created_dirs: list[Path]) -> None:
        """Put the disk back as memory says after a failed write."""
        target = self.root / rel
        if rel in self.files:
            materialize({rel: self.files[rel]}, self.root)
        elif target.is_file():
            target.unlink()
        for directory in created_dirs:  # deepest first; one still holding files stays
            with contextlib.suppress(OSError):
                directory.rmdir()

    def apply_diff(self, path: str, diff: str) -> str:
        rel, text = self._get(path)
        try:
            patched = apply_unified_diff(text, diff, rel)
        except DiffError as exc:
            raise WorkspaceError(str(exc)) from None
        return self.write(rel, patched)
