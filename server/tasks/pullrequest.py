"""The source pull request of a generated task: its files, the lines it adds, and which of its
files the probes exercise (what a mutation may touch and a witness can see)."""

from __future__ import annotations

import ast
import difflib

from ..syntax import parse as parse_source
from .model import Task


def _module_of(path: str) -> str:
    parts = path[:-3].split("/")
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def _imported(text: str, module: str, is_package: bool) -> set[str]:
    try:
        tree = parse_source(text)
    except SyntaxError:
        return set()
    names: set[str] = set()
    package = module.split(".") if is_package else module.split(".")[:-1]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                anchor = package[: len(package) - node.level + 1]
                base = ".".join([*anchor, *([node.module] if node.module else [])])
            else:
                base = node.module or ""
            if base:
                names.add(base)
                names.update(f"{base}.{alias.name}" for alias in node.names)
    return names


def exercised_files(task: Task) -> list[str]:
    """Python files of the fixed project that the probes import, directly or transitively."""
    project = {p: t for p, t in task.fixed.items()
               if p.endswith(".py") and p not in task.visible_tests}
    modules = {_module_of(p): p for p in project}
    todo = list(_imported(task.probes_source, "probes", False))
    seen: set[str] = set()
    while todo:
        name = todo.pop()
        parts = name.split(".")
        for i in range(1, len(parts) + 1):  # importing a.b runs a/__init__.py too
            prefix = ".".join(parts[:i])
            if prefix in modules and prefix not in seen:
                seen.add(prefix)
                path = modules[prefix]
                todo.extend(_imported(project[path], prefix, path.endswith("__init__.py")))
    return sorted(modules[m] for m in seen)


def pr_lines(before: str | None, after: str) -> frozenset[int]:
    """1-based lines of `after` that a change from `before` adds or modifies (all of a new file).

    The same line matching as the diff the reviewer reads (`Task.diff`): these are its `+` lines.
    """
    new = after.splitlines(keepends=True)
    if before is None:
        return frozenset(range(1, len(new) + 1))
    matcher = difflib.SequenceMatcher(None, before.splitlines(keepends=True), new)
    return frozenset(j + 1 for tag, _, _, j1, j2 in matcher.get_opcodes()
                     if tag in ("replace", "insert") for j in range(j1, j2))


def pr_files(source: Task) -> dict[str, str]:
    """The source's pull request as it should have been written: path -> content in its fixed
    tree, for every file that differs from its base (files the PR adds included)."""
    paths = (set(source.head_changes) | set(source.fix_changes)) - set(source.visible_tests)
    return {p: source.fixed[p] for p in sorted(paths) if source.fixed[p] != source.base.get(p)}
