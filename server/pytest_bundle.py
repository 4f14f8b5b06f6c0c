"""A pinned pytest the sandbox can import: a read-only copy of the server's own installation.

The sandbox runs the system interpreter with the standard library only (`-I -S`), so real
packages' test suites, which need pytest, get this copy: the import packages of pytest and its
runtime dependencies, copied once per pytest version into a directory only this uid can write
and everyone can read, then bound read-only into the sandbox at `SANDBOX_PATH` (Landlock and
the unsafe backend use the host path). It is the pytest pinned in uv.lock, so tests behave the
same in CI and in the server.
"""

from __future__ import annotations

import contextlib
import importlib.metadata
import importlib.util
import logging
import os
import shutil
import stat
import tempfile
from functools import lru_cache
from pathlib import Path

log = logging.getLogger(__name__)

SANDBOX_PATH = "/opt/pytest"
# pytest's import packages and the runtime dependencies it imports on Python 3.11.
MODULES = ("pytest", "_pytest", "pluggy", "iniconfig", "packaging", "pygments", "py")


def _origin(name: str) -> Path | None:
    spec = importlib.util.find_spec(name)
    if spec is None or spec.origin is None:
        return None
    origin = Path(spec.origin)
    return origin.parent if origin.name == "__init__.py" else origin


@lru_cache(maxsize=1)
def pytest_bundle() -> Path | None:
    """The host directory holding the copy (made on first use), or None without pytest."""
    try:
        version = importlib.metadata.version("pytest")
    except importlib.metadata.PackageNotFoundError:
        log.warning("pytest is not installed: real packages' tests cannot run in the sandbox")
        return None
    root = Path(tempfile.gettempdir()) / f"pyenv-pytest-{os.geteuid()}"
    target = root / version
    if (target / ".complete").is_file():
        return target
    with contextlib.suppress(FileExistsError):
        root.mkdir(mode=0o755)
    st = root.lstat()
    if not stat.S_ISDIR(st.st_mode) or st.st_uid != os.geteuid() or st.st_mode & 0o022:
        log.warning("%s is not a private directory: no pytest in the sandbox", root)
        return None
    partial = Path(tempfile.mkdtemp(prefix=f"{version}.", dir=root))
    for name in MODULES:
        origin = _origin(name)
        if origin is None:
            continue
        if origin.is_dir():
            shutil.copytree(origin, partial / origin.name,
                            ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy2(origin, partial / origin.name)
    for path in [partial, *partial.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)
    (partial / ".complete").write_text(version + "\n", encoding="utf-8")
    try:
        partial.rename(target)
    except OSError:  # another process made it first
        shutil.rmtree(partial, ignore_errors=True)
    return target


def wants_pytest(workspace: Path, job: dict) -> bool:
    """Whether a job runs code that needs pytest: probes that import it, or a workspace whose
    tests do (a `tests/conftest.py`, or a test module importing pytest)."""
    if job.get("mode") == "probes":
        return "import pytest" in job.get("source", "")
    tests = workspace / "tests"
    if (tests / "conftest.py").is_file():
        return True
    for rel in job.get("files", ()):
        with contextlib.suppress(OSError):
            text = (workspace / rel).read_text(encoding="utf-8", errors="replace")
            if "import pytest" in text or "from pytest" in text:
                return True
    return False
