"""Writing a file tree for the sandbox to read: the one way any module puts files on disk for a
job (the workspace mirror, the probes' and the real tasks' checks)."""

from __future__ import annotations

from pathlib import Path

from .leftovers import owned_tempdir


def materialize(files: dict[str, str], root: Path | None = None) -> Path:
    """Write a file tree where the sandbox uid can read it (and nothing else can write it)."""
    root = root or owned_tempdir("ws")
    root.chmod(0o755)
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o755)
        path.write_text(text, encoding="utf-8")
        path.chmod(0o644)
    for directory in [root, *(p for p in root.rglob("*") if p.is_dir())]:
        directory.chmod(0o755)
    return root
