"""Loading the task bank from disk, with errors that name the task and the field.

Format (one folder per task, documented in docs/tasks.md):

    tasks/<id>/task.toml      metadata, reference issues, static checks
    tasks/<id>/base/...       the project before the pull request (whole tree)
    tasks/<id>/head/...       files the pull request adds or changes
    tasks/<id>/fix/...        files the reference fix changes, relative to head (buggy tasks)
    tasks/<id>/tests/...      visible tests the reviewer can run (test_*.py)
    tasks/<id>/probes.py      hidden probes: `def check_*()` returning JSON-able outputs
    tasks/<id>/expected.json  derived by `python-env tasks validate --write`
"""

from __future__ import annotations

import json
import os
import tomllib
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ...vocabulary import Category, Severity
from ..once import once
from .model import (
    DIFFICULTIES,
    REAL_SPLIT,
    SPLITS,
    STATIC_TOOLS,
    DerivedChecks,
    ReferenceIssue,
    StaticCheck,
    Task,
    line_count,
)

TASKS_DIR_ENV = "PYTHON_ENV_TASKS_DIR"
CATEGORIES = tuple(category.value for category in Category)
SEVERITIES = tuple(severity.value for severity in Severity)
DEFAULT_STEPS = {"easy": 20, "medium": 30, "hard": 40}


class TaskFormatError(ValueError):
    """A task folder does not follow the format; the message names the task and the field."""


class _SpanSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")

    file: str
    start_line: int = Field(ge=1)
    end_line: int = Field(ge=1)


class _IssueSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str = Field(min_length=1)
    file: str
    start_line: int = Field(ge=1)
    end_line: int = Field(ge=1)
    category: Literal[CATEGORIES]  # type: ignore[valid-type]
    severity: Literal[SEVERITIES]  # type: ignore[valid-type]
    bug_class: str = Field(min_length=1)
    title: str = Field(min_length=1)
    rationale: str = Field(min_length=1)
    hint: str = Field(min_length=1)
    witnesses: list[str] = Field(min_length=1)
    also: list[_SpanSpec] = Field(default_factory=list)


class _StaticSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str = Field(min_length=1)
    tool: Literal[STATIC_TOOLS]  # type: ignore[valid-type]
    rule: str = Field(min_length=1)
    file: str


class _TaskSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    title: str = Field(min_length=1)
    description: str = Field(min_length=1)
    difficulty: Literal[DIFFICULTIES]  # type: ignore[valid-type]
    split: Literal[(*SPLITS, REAL_SPLIT)]  # type: ignore[valid-type]
    check_timeout_s: float | None = Field(default=None, gt=0, le=120)
    max_steps: int | None = Field(default=None, ge=3, le=200)
    tags: list[str] = Field(default_factory=list)
    hints: list[str] = Field(default_factory=list)
    issues: list[_IssueSpec] = Field(default_factory=list)
    static_checks: list[_StaticSpec] = Field(default_factory=list)


def default_tasks_dir() -> Path:
    env = os.environ.get(TASKS_DIR_ENV)
    if env:
        return Path(env)
    return Path(__file__).resolve().parents[2] / "tasks"


def _read_tree(root: Path) -> dict[str, str]:
    if not root.is_dir():
        return {}
    files = {}
    for path in sorted(root.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            files[path.relative_to(root).as_posix()] = path.read_text(encoding="utf-8")
    return files


def _fail(task: str, field: str, message: str) -> TaskFormatError:
    return TaskFormatError(f"task {task!r}: {field}: {message}")


def _read_spec(folder: Path) -> _TaskSpec:
    name = folder.name
    meta_path = folder / "task.toml"
    if not meta_path.is_file():
        raise _fail(name, "task.toml", "missing")
    try:
        raw = tomllib.loads(meta_path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise _fail(name, "task.toml", f"not valid TOML: {exc}") from exc
    try:
        spec = _TaskSpec.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = ".".join(str(part) for part in first["loc"]) or "task.toml"
        raise _fail(name, loc, first["msg"]) from exc
    if spec.id != name:
        raise _fail(name, "id", f"{spec.id!r} differs from the folder name")
    return spec


def _check_changes(name: str, base: dict[str, str], head: dict[str, str],
                   fix: dict[str, str]) -> None:
    if not head:
        raise _fail(name, "head/", "the pull request changes no file")
    for path, text in head.items():
        if base.get(path) == text:
            raise _fail(name, f"head/{path}", "identical to base: not a change")
    for path in fix:
        if path not in head and path not in base:
            raise _fail(name, f"fix/{path}", "the fix may only change files of the project")


def _issues(name: str, spec: _TaskSpec, base: dict[str, str],
            head: dict[str, str]) -> tuple[ReferenceIssue, ...]:
    """The reference issues, each span checked against the file it names in the PR's code."""

    def check_span(where: str, span: _IssueSpec | _SpanSpec) -> None:
        if span.file not in head and span.file not in base:
            raise _fail(name, f"{where}.file", f"{span.file!r} is not a file of the project")
        lines = line_count(head.get(span.file) or base[span.file])
        if not span.start_line <= span.end_line <= lines:
            raise _fail(name, f"{where}.end_line", f"span {span.start_line}-{span.end_line} "
                        f"is outside 1-{lines} or reversed")

    issues = []
    for i, issue in enumerate(spec.issues):
        check_span(f"issues[{i}]", issue)
        for j, span in enumerate(issue.also):
            check_span(f"issues[{i}].also[{j}]", span)
        fields = issue.model_dump(exclude={"also", "witnesses"})
        issues.append(ReferenceIssue(
            **fields, witnesses=tuple(issue.witnesses),
            also=tuple((a.file, a.start_line, a.end_line) for a in issue.also),
        ))
    return tuple(issues)


def _check_kind(name: str, spec: _TaskSpec, issues: tuple[ReferenceIssue, ...],
                fix: dict[str, str]) -> None:
    """A buggy task has a fix; a clean one has none, and a hint instead."""
    if issues and not fix:
        raise _fail(name, "fix/", "a task with issues needs a reference fix")
    if not issues and fix:
        raise _fail(name, "fix/", "a clean task must not have a fix")
    if not issues and not spec.hints:
        raise _fail(name, "hints", "a clean task needs at least one hint")


def _derived(folder: Path) -> DerivedChecks | None:
    expected_path = folder / "expected.json"
    if not expected_path.is_file():
        return None
    data = json.loads(expected_path.read_text(encoding="utf-8"))
    return DerivedChecks(
        expected=data["expected"],
        head=data["head"],
        fail_to_pass=tuple(data["fail_to_pass"]),
        pass_to_pass=tuple(data["pass_to_pass"]),
        base=data.get("base"),
    )


def load_task(folder: Path) -> Task:
    """Load and check the format of one task folder."""
    name = folder.name
    spec = _read_spec(folder)
    base = _read_tree(folder / "base")
    head_changes = _read_tree(folder / "head")
    fix_changes = _read_tree(folder / "fix")
    tests = {f"tests/{p}": text for p, text in _read_tree(folder / "tests").items()}
    _check_changes(name, base, head_changes, fix_changes)
    probes_path = folder / "probes.py"
    if not probes_path.is_file():
        raise _fail(name, "probes.py", "missing (every task needs hidden probes)")
    issues = _issues(name, spec, base, head_changes)
    _check_kind(name, spec, issues, fix_changes)
    return Task(
        id=spec.id,
        title=spec.title,
        description=spec.description,
        difficulty=spec.difficulty,
        split=spec.split,
        base=base,
        head_changes=head_changes,
        fix_changes=fix_changes,
        visible_tests=tests,
        probes_source=probes_path.read_text(encoding="utf-8"),
        static_checks=tuple(StaticCheck(**s.model_dump()) for s in spec.static_checks),
        issues=issues,
        hints=tuple(spec.hints),
        max_steps=spec.max_steps or DEFAULT_STEPS[spec.difficulty],
        derived=_derived(folder),
        tags=tuple(spec.tags),
        check_timeout_s=spec.check_timeout_s,
    )


class TaskBank:
    """All tasks of a folder, by id and by split (each split sorted by id)."""

    def __init__(self, tasks: list[Task], splits: tuple[str, ...] = SPLITS):
        self.by_id: dict[str, Task] = {}
        for task in tasks:
            if task.id in self.by_id:
                raise TaskFormatError(f"task {task.id!r}: id: duplicated")
            if task.split not in splits:
                raise TaskFormatError(f"task {task.id!r}: split: {task.split!r} does not belong "
                                      f"here (splits: {', '.join(splits)})")
            self.by_id[task.id] = task
        self.splits: dict[str, list[Task]] = {split: [] for split in splits}
        for task in sorted(tasks, key=lambda t: t.id):
            self.splits[task.split].append(task)

    def __len__(self) -> int:
        return len(self.by_id)

    def get(self, task_id: str) -> Task:
        try:
            return self.by_id[task_id]
        except KeyError:
            raise KeyError(f"unknown task_id {task_id!r}") from None

    def split(self, name: str) -> list[Task]:
        if name not in self.splits:
            raise KeyError(f"unknown split {name!r}; splits are {', '.join(self.splits)}")
        return self.splits[name]


def load_bank(root: Path | None = None) -> TaskBank:
    root = root or default_tasks_dir()
    folders = sorted(p for p in root.iterdir() if p.is_dir() and (p / "task.toml").exists())
    return TaskBank([load_task(folder) for folder in folders])


@once(maxsize=4)
def _cached_bank(root: str) -> TaskBank:
    return load_bank(Path(root))


def get_bank() -> TaskBank:
    """The process-wide task bank, loaded once even when many sessions start at the same time."""
    return _cached_bank(str(default_tasks_dir()))
