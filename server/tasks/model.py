"""In-memory form of a task. Everything here is trusted and private to the server."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from functools import cached_property
from ...vocabulary import SEVERITY_WEIGHT
from ..syntax import parse as parse_source

DIFFICULTIES = ("easy", "medium", "hard")
SPLITS = ("train", "validation", "test")
REAL_SPLIT = "real"  # tasks built from released packages (tasks/real/), served from a cache
STATIC_TOOLS = ("ruff", "bandit")


def line_count(text: str) -> int:
    """Lines as an editor numbers them (split on "\\n"; a final newline ends the last line)."""
    return text.count("\n") + (0 if not text or text.endswith("\n") else 1)


def split_lines(text: str) -> list[str]:
    """The lines `line_count` counts. Not `str.splitlines`, which also breaks at form feeds,
    \u2028 and other separators, and so would number lines unlike findings and the grader."""
    return text.split("\n")[:line_count(text)]


@dataclass(frozen=True)
class ReferenceIssue:
    """A defect the pull request really has, with the checks that witness it."""

    id: str
    file: str
    start_line: int
    end_line: int
    category: str
    severity: str
    bug_class: str
    title: str
    rationale: str
    hint: str
    witnesses: tuple[str, ...]
    # Other places where a reviewer may rightly pin the same defect (e.g. the caller in another
    # file of a cross-file bug): (file, start_line, end_line) at the head.
    also: tuple[tuple[str, int, int], ...] = ()

    @property
    def weight(self) -> float:
        return SEVERITY_WEIGHT[self.severity]

    @property
    def spans(self) -> tuple[tuple[str, int, int], ...]:
        return ((self.file, self.start_line, self.end_line), *self.also)


@dataclass(frozen=True)
class StaticCheck:
    """A static predicate: `tool` (ruff or bandit) reports `rule` in `file`."""

    id: str
    tool: str
    rule: str
    file: str


@dataclass(frozen=True)
class DerivedChecks:
    """What validation computed: the fix's outputs and the check partition."""

    expected: dict[str, str]  # check id -> canonical JSON of the fix's output
    head: dict[str, str]  # check id -> canonical JSON of the head's output
    fail_to_pass: tuple[str, ...]
    pass_to_pass: tuple[str, ...]
    # check id -> canonical JSON of the base's output (the tree before the PR), when known
    base: dict[str, str] | None = None


@dataclass
class Task:
    id: str
    title: str
    description: str
    difficulty: str
    split: str
    base: dict[str, str]  # path -> content, the whole tree before the PR
    head_changes: dict[str, str]  # path -> content, files the PR adds or changes
    fix_changes: dict[str, str]  # path -> content, files the reference fix changes (vs head)
    visible_tests: dict[str, str]  # path (under tests/) -> content
    probes_source: str  # trusted hidden probes: functions named check_*
    static_checks: tuple[StaticCheck, ...]
    issues: tuple[ReferenceIssue, ...]
    hints: tuple[str, ...]  # task-level hints for clean PRs
    max_steps: int
    derived: DerivedChecks | None = None
    tags: tuple[str, ...] = field(default_factory=tuple)
    # Seconds one hidden check may take, when more than the sandbox's default (a real package's
    # test module run by pytest); None: the default.
    check_timeout_s: float | None = None

    @property
    def clean(self) -> bool:
        return not self.issues

    @property
    def changed_files(self) -> list[str]:
        return sorted(self.head_changes)

    @cached_property
    def head(self) -> dict[str, str]:
        """The workspace the reviewer gets: the base tree with the PR applied, plus tests."""
        tree = dict(self.base)
        tree.update(self.head_changes)
        tree.update(self.visible_tests)
        return tree

    @cached_property
    def fixed(self) -> dict[str, str]:
        tree = dict(self.head)
        tree.update(self.fix_changes)
        return tree

    @cached_property
    def base_tree(self) -> dict[str, str]:
        tree = dict(self.base)
        tree.update(self.visible_tests)
        return tree

    @cached_property
    def diff(self) -> str:
        chunks = []
        for path in self.changed_files:
            before = self.base.get(path)
            after = self.head_changes[path]
            chunks.extend(
                difflib.unified_diff(
                    (before or "").splitlines(keepends=True),
                    after.splitlines(keepends=True),
                    fromfile=f"a/{path}" if before is not None else "/dev/null",
                    tofile=f"b/{path}",
                )
            )
        return "".join(line if line.endswith("\n") else line + "\n" for line in chunks)

    @cached_property
    def added_lines(self) -> dict[str, frozenset[int]]:
        """Head line numbers (1-based) that the pull request adds or changes, per changed file."""
        added = {}
        for path in self.changed_files:
            before = (self.base.get(path) or "").splitlines()
            after = self.head_changes[path].splitlines()
            matcher = difflib.SequenceMatcher(None, before, after)  # as unified_diff does
            added[path] = frozenset(
                line + 1
                for tag, _, _, j1, j2 in matcher.get_opcodes() if tag in ("replace", "insert")
                for line in range(j1, j2)
            )
        return added

    @property
    def bug_classes(self) -> list[str]:
        return sorted({issue.bug_class for issue in self.issues})

    @property
    def check_ids(self) -> list[str]:
        return [*probe_names(self.probes_source), *(c.id for c in self.static_checks)]

    def public_info(self, index: int | None = None) -> dict:
        """What the Task API may show: nothing that hints at the answer."""
        info = {
            "id": self.id,
            "split": self.split,
            "difficulty": self.difficulty,
            "title": self.title,
            "files": self.changed_files,
        }
        if index is not None:
            info["index"] = index
        return info


def probe_names(source: str) -> list[str]:
    """Names of the probe functions (`def check_*`) in a probes file, in order."""
    import ast

    tree = parse_source(source)
    return [
        node.name
        for node in tree.body
        if isinstance(node, ast.FunctionDef) and node.name.startswith("check_")
    ]
