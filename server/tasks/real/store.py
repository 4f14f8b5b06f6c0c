"""The `real` split: tasks that `python-env tasks build-real` wrote into the cache.

Each PR's file holds the trees its tasks share (base, the release's modules, the suite, the
probes) once; a task adds its mutated file, its fix, its issue and its derived checks. Loaded
once per process, on first use; without a cache the split is empty and says how to build it.
"""

from __future__ import annotations

import json
import threading
from pathlib import Path

from ..loader import TaskBank
from ..model import REAL_SPLIT, DerivedChecks, ReferenceIssue, Task
from .sources import default_cache

BUILD_HINT = ("the real split is not built on this machine: run `uv run python-env tasks "
              "build-real` (downloads pinned sdists from PyPI into {cache}; about 15 minutes "
              "on 2 cores, cached afterwards)")


class RealSplitMissing(KeyError):
    pass


def _tasks_of(data: dict) -> list[Task]:
    tasks = []
    tests = data["tests"]
    for record in data["tasks"]:
        changes = dict(data["changes"])
        changes.update(record["mutated"])
        visible = {p: tests.get(p, "# the package's tests run under pytest\n")
                   for p in record["visible"]}
        derived = record["derived"]
        tasks.append(Task(
            id=record["id"], title=data["title"], description=data["description"],
            difficulty="hard", split=REAL_SPLIT, base=data["base"], head_changes=changes,
            fix_changes=record["fix"], visible_tests=visible, probes_source=data["probes"],
            static_checks=(),
            issues=tuple(ReferenceIssue(**(i | {"witnesses": tuple(i["witnesses"]),
                                               "also": tuple(tuple(a) for a in i["also"])}))
                         for i in record["issues"]),
            hints=tuple(record["hints"]), max_steps=data["max_steps"],
            derived=DerivedChecks(
                expected=derived["expected"], head=derived["head"], base=derived["base"],
                fail_to_pass=tuple(derived["fail_to_pass"]),
                pass_to_pass=tuple(derived["pass_to_pass"])),
            tags=tuple(data["tags"]), check_timeout_s=data["check_timeout_s"],
        ))
    return tasks


def load_real(cache: Path | None = None) -> TaskBank:
    cache = cache or default_cache()
    folder = cache / "prs"
    tasks: list[Task] = []
    if folder.is_dir():
        for path in sorted(folder.glob("*.json")):
            if path.name == "stamps.json" or path.name.startswith("."):
                continue
            tasks.extend(_tasks_of(json.loads(path.read_text(encoding="utf-8"))))
    return TaskBank(tasks, splits=(REAL_SPLIT,))


_banks: dict[str, TaskBank] = {}
_lock = threading.Lock()


def real_bank() -> TaskBank:
    """The process-wide real split (loaded once; rebuilding needs a restart)."""
    key = str(default_cache())
    with _lock:
        if key not in _banks:
            _banks[key] = load_real(Path(key))
        return _banks[key]


def real_tasks() -> list[Task]:
    """The real split's tasks, sorted by id; RealSplitMissing (with how to build it) if none."""
    tasks = real_bank().split(REAL_SPLIT)
    if not tasks:
        raise RealSplitMissing(BUILD_HINT.format(cache=default_cache()))
    return tasks
