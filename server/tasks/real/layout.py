"""Where a package's code and tests sit in its sdist, and what a release changed.

Layouts differ between packages and even between releases of one package (`src/` or not,
tests beside the package or inside it, one module or a package). A release is reduced to:
`code`, the package's Python files (paths relative to the import root, tests excluded), and
`tests`, its test suite's text files moved under `tests/` (so that it never sits inside the
package it tests).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath

TEST_DIRS = ("tests", "test", "testing")
SKIP_PARTS = frozenset({"docs", "doc", "examples", "benchmarks", "bench", "tools", "scripts",
                        "build", "dist", ".github"})


@dataclass(frozen=True)
class Layout:
    code: dict[str, str]  # import-root-relative path -> text (the package's .py files)
    tests: dict[str, str]  # "tests/..." -> text (the suite's text files)
    changelog: str  # the sdist's changelog text, "" if none


def _is_test_dir(part: str) -> bool:
    return part in TEST_DIRS


def _is_test_file(name: str) -> bool:
    return name.endswith(".py") and (name.startswith("test_") or name.endswith("_test.py"))


def _test_path(parts: tuple[str, ...]) -> str | None:
    """Where a file of the sdist goes under `tests/`, if it belongs to the test suite."""
    test_at = next((i for i, p in enumerate(parts[:-1]) if _is_test_dir(p)), None)
    if test_at is not None:
        return "tests/" + "/".join(parts[test_at + 1:])
    if len(parts) == 1 and _is_test_file(parts[0]):
        return "tests/" + parts[0]
    return None


def _code_path(path: str, root: str, modules: tuple[str, ...]) -> str | None:
    """The import-root-relative path of one of the package's modules, else None."""
    if not path.startswith(root) or not path.endswith(".py"):
        return None
    rel = path[len(root):]
    if rel in ("setup.py", "conftest.py", "noxfile.py", "fabfile.py", "tasks.py"):
        return None
    top = PurePosixPath(rel).parts[0].removesuffix(".py")
    return None if modules and top not in modules else rel


def _changelog(files: dict[str, str]) -> str:
    for path in sorted(files, key=len):
        name = PurePosixPath(path).name.upper()
        if "/" not in path and name.startswith(("CHANGE", "HISTORY", "NEWS", "RELEASE")):
            return files[path]
    return ""


def split_release(files: dict[str, str], modules: tuple[str, ...] = ()) -> Layout:
    """The code and the tests of an sdist's files (paths relative to its top folder)."""
    root = "src/" if any(p.startswith("src/") and p.endswith(".py") for p in files) else ""
    code: dict[str, str] = {}
    tests: dict[str, str] = {}
    for path, text in sorted(files.items()):
        parts = PurePosixPath(path).parts
        if set(parts[:-1]) & SKIP_PARTS or any(p.startswith(".") for p in parts):
            continue
        test = _test_path(parts)
        if test is not None:
            tests[test] = text
            continue
        rel = _code_path(path, root, modules)
        if rel is not None:
            code[rel] = text
    return Layout(code, tests, _changelog(files))
