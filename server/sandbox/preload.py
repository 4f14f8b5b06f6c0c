"""Which standard-library modules the runner imports once before forking, so that each probe's
child inherits them instead of importing them again: those the job's code imports, scanned
from its text (cached per file version)."""

from __future__ import annotations

import os
import re
import sys
from functools import lru_cache
from pathlib import Path

from ..probe_units import probe_units

# Side-effect-free at import (no random state, no deprecation warning, nothing printed), so a
# child sees what a fresh import would have given it.
PRELOADABLE = frozenset((
    "__future__", "abc", "argparse", "array", "ast", "asyncio", "base64", "binascii", "bisect",
    "calendar", "collections", "concurrent", "contextlib", "copy", "csv", "dataclasses",
    "datetime", "decimal", "difflib", "enum", "errno", "fnmatch", "fractions", "functools",
    "glob", "gzip", "hashlib", "heapq", "hmac", "html", "http", "inspect", "io", "ipaddress",
    "itertools", "json", "keyword", "logging", "math", "numbers", "operator", "pathlib", "pickle",
    "pprint", "queue", "re", "shlex", "shutil", "sqlite3", "statistics", "string", "struct",
    "subprocess", "tarfile", "textwrap", "threading", "time", "types", "typing", "unicodedata",
    "urllib", "warnings", "weakref", "zipfile", "zlib", "zoneinfo",
))
MAX_PRELOAD = 64
_IMPORT_RE = re.compile(
    r"^[ \t]*(?:from[ \t]+([A-Za-z_][\w.]*)[ \t]+import\b|import[ \t]+([A-Za-z_][\w., \t]*))",
    re.MULTILINE,
)


@lru_cache(maxsize=4096)
def _imports_of_text(text: str) -> frozenset[str]:
    names = set()
    for match in _IMPORT_RE.finditer(text):
        if match.group(1):
            names.add(match.group(1))
        else:
            for part in match.group(2).split(","):
                words = part.split()
                if words:
                    names.add(words[0])
    return frozenset(n for n in names if n.split(".")[0] in PRELOADABLE)


@lru_cache(maxsize=4096)
def _imports_of_file(path: str, mtime_ns: int, size: int) -> frozenset[str]:
    try:
        return _imports_of_text(Path(path).read_text(encoding="utf-8", errors="replace"))
    except OSError:
        return frozenset()


def _workspace_imports(workspace: Path) -> set[str]:
    names: set[str] = set()
    for dirpath, _dirs, files in os.walk(workspace):
        for name in files:
            if name.endswith(".py"):
                path = os.path.join(dirpath, name)
                try:
                    st = os.stat(path)
                except OSError:
                    continue
                names |= _imports_of_file(path, st.st_mtime_ns, st.st_size)
    return names


def _probe_imports(job: dict) -> frozenset[str]:
    """Only what every probe imports: a module one probe alone imports, preloaded, would tell
    the others' children about that probe (they see sys.modules)."""
    if not isinstance(job.get("source"), str):
        return frozenset()
    try:
        units = probe_units(job["source"], tuple(job.get("checks", ())))
    except SyntaxError:
        units = ()
    if not units:
        return frozenset()
    return frozenset.intersection(*(_imports_of_text(unit) for unit in units))


def preload_names(workspace: Path, job: dict) -> list[str]:
    """Standard-library modules the job's code imports, unless the workspace shadows them."""
    try:
        with os.scandir(workspace) as entries:
            shadowed = {entry.name.removesuffix(".py") for entry in entries}
    except OSError:
        return []
    if shadowed & sys.stdlib_module_names:
        # A workspace module named like a standard-library one: a preloaded module could have
        # imported the standard one where a plain import in the child would get the workspace's.
        return []
    return sorted(_workspace_imports(workspace) | _probe_imports(job))[:MAX_PRELOAD]
