"""What the page shows of a task: the files at the pull request's head and the diff, highlighted.

Only the reviewer's view is built here (the base tree, the PR's changes, the visible tests): the
same text `read_file` returns at step 0. Nothing from the reference fix, the issues, their hints
or the probes is read.
"""

from __future__ import annotations

import difflib
from typing import Any

from ..tasks.model import Task, split_lines
from .highlight import highlight_lines

CONTEXT_LINES = 3  # as in the observation's unified diff


def task_view(task: Task) -> dict[str, Any]:
    head = task.head  # base tree + PR changes + visible tests
    changed = set(task.changed_files)
    files = []
    for path in sorted(head):
        text = head[path]
        files.append({
            "path": path,
            "changed": path in changed,
            "text": text,
            "lines": highlight_lines(path, text),
        })
    return {
        "task_id": task.id,
        "files": files,
        "diffs": [file_diff(path, task.base.get(path), task.head_changes[path])
                  for path in task.changed_files],
    }


def file_diff(path: str, before: str | None, after: str) -> dict[str, Any]:
    """Hunks of rows ("ctx" | "del" | "add", old and new line numbers, highlighted HTML)."""
    old, new = split_lines(before or ""), split_lines(after)
    old_html, new_html = highlight_lines(path, before or ""), highlight_lines(path, after)
    hunks = []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for group in matcher.get_grouped_opcodes(CONTEXT_LINES):
        rows: list[dict[str, Any]] = []
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                rows += [{"t": "ctx", "o": i + 1, "n": j + 1, "h": new_html[j]}
                         for i, j in zip(range(i1, i2), range(j1, j2), strict=True)]
                continue
            rows += [{"t": "del", "o": i + 1, "n": None, "h": old_html[i]} for i in range(i1, i2)]
            rows += [{"t": "add", "o": None, "n": j + 1, "h": new_html[j]} for j in range(j1, j2)]
        first, last = group[0], group[-1]
        header = (f"@@ -{first[1] + 1},{last[2] - first[1]} "
                  f"+{first[3] + 1},{last[4] - first[3]} @@")
        hunks.append({"header": header, "rows": rows})
    added = sum(r["t"] == "add" for h in hunks for r in h["rows"])
    removed = sum(r["t"] == "del" for h in hunks for r in h["rows"])
    return {"path": path, "status": "added" if before is None else "modified",
            "added": added, "removed": removed, "hunks": hunks}


def unified_patch(path: str, old: str, new: str) -> str:
    """The unified diff `propose_patch` takes, from the page's edited text of one file."""
    return "".join(
        line if line.endswith("\n") else line + "\n\\ No newline at end of file\n"
        for line in difflib.unified_diff(old.splitlines(keepends=True),
                                         new.splitlines(keepends=True),
                                         fromfile=f"a/{path}", tofile=f"b/{path}")
    )
