"""apply_unified_diff (unidiff underneath): what applies, and a clear error for each diff that
does not, through the workspace as an agent's propose_patch meets it."""

from __future__ import annotations

import difflib

import pytest

from python_env.server.unified_diff import DiffError, apply_unified_diff
from python_env.server.workspace import Workspace, WorkspaceError

from .conftest import all_tasks

TEXT = "a = 1\nb = 2\nc = 3\n"
HEAD = "--- a/m.py\n+++ b/m.py\n"


@pytest.mark.parametrize("diff,expected", [
    ("@@ -2 +2 @@\n-b = 2\n+b = 20\n", "a = 1\nb = 20\nc = 3\n"),  # bare hunk, counts of 1
    (HEAD + "@@ -1,2 +1,2 @@\n a = 1\n-b = 2\n+b = 20\n", "a = 1\nb = 20\nc = 3\n"),
    ("--- m.py\n+++ m.py\n@@ -3 +3 @@\n-c = 3\n+c = 30\n", "a = 1\nb = 2\nc = 30\n"),
    ("prose first\n@@ -0,0 +1 @@\n+z = 0\n", "z = 0\na = 1\nb = 2\nc = 3\n"),  # insert at top
    ("@@ -1 +1 @@\n-a = 1\n+A = 1\n@@ -3 +3 @@\n-c = 3\n+C = 3\n", "A = 1\nb = 2\nC = 3\n"),
    ("@@ -3,1 +3,2 @@\n c = 3\n+d = 4\n\\ No newline at end of file\n",
     "a = 1\nb = 2\nc = 3\nd = 4\n"),  # an added line always ends with a newline
    ("@@ -1,2 +1,1 @@\r\n-a = 1\r\n b = 2\r\n", "b = 2\nc = 3\n"),  # CRLF diff, LF file
])
def test_diffs_that_apply(diff, expected):
    assert apply_unified_diff(TEXT, diff, "m.py") == expected


def test_a_blank_context_line_whose_space_was_stripped_is_context():
    text = "x = 1\n\ny = 2\n"
    assert apply_unified_diff(text, "@@ -1,3 +1,3 @@\n x = 1\n\n-y = 2\n+y = 3\n",
                              "m.py") == "x = 1\n\ny = 3\n"


@pytest.mark.parametrize("diff,message", [
    ("@@ -1,3 +1,3 @@\n a = 1\n-b = 2\n+b = 20\n", "fewer lines than its header counts"),
    ("@@ -1,1 +1,1 @@\n a = 1\n-b = 2\n+b = 20\n",
     "hunk @@ -1,1 +1,1 @@ has more lines than its header counts (line 3 of the diff, '-b = 2'"),
    ("@@ -1,1 +1,1 @@\n a = 1\n-b = 2\n+b = 20\n@@ -3 +3 @@\n-c = 3\n+c = 4\n",
     "has more lines than its header counts"),
    ("@@ -2 +2 @@\n-b = 3\n+b = 20\n", "diff does not apply: line 2 is 'b = 2\\n', diff expects "
                                        "'b = 3\\n'"),
    ("@@ -3,2 +3,2 @@\n c = 3\n-d = 4\n+d = 5\n", "diff does not apply: line 4 is None"),
    ("@@ -3 +3 @@\n-c = 3\n+c = 4\n@@ -1 +1 @@\n-a = 1\n+a = 2\n", "overlap or are out of order"),
    ("--- a/other.py\n+++ b/other.py\n@@ -1 +1 @@\n-a = 1\n+a = 2\n",
     "diff is for other.py, not m.py"),
    (HEAD + "@@ -1 +1 @@\n-a = 1\n+a = 2\n--- a/n.py\n+++ b/n.py\n@@ -1 +1 @@\n-x\n+y\n",
     "diff has 2 file sections (m.py, n.py); propose_patch changes one file"),
    ("diff --git a/m.py b/n.py\nsimilarity index 90%\nrename from m.py\nrename to n.py\n"
     "--- a/m.py\n+++ b/n.py\n@@ -1 +1 @@\n-a = 1\n+a = 2\n", "diff renames m.py to n.py"),
    ("--- a/m.py\n+++ /dev/null\n@@ -1,3 +0,0 @@\n-a = 1\n-b = 2\n-c = 3\n", "diff deletes m.py"),
    ("--- /dev/null\n+++ b/m.py\n@@ -0,0 +1 @@\n+a = 1\n", "adds m.py as a new file, but it "
                                                          "exists"),
    ("+x\n", "diff has no hunk"),
    ("@@ -" + "9" * 5000 + ",1 +1,1 @@\n-x = 1\n+x = 2\n", "diff has no hunk"),
])
def test_each_refused_diff_says_why(diff, message):
    with pytest.raises(DiffError) as refused:
        apply_unified_diff(TEXT, diff, "m.py")
    assert message in str(refused.value)


def test_the_workspace_refuses_a_bad_diff_and_keeps_the_file():
    ws = Workspace({"m.py": TEXT})
    try:
        with pytest.raises(WorkspaceError, match=r"diff is for other\.py, not m\.py"):
            ws.apply_diff("m.py", "--- a/other.py\n+++ b/other.py\n@@ -1 +1 @@\n-a = 1\n+a = 2\n")
        assert ws.files["m.py"] == TEXT
        assert ws.apply_diff("./m.py", HEAD + "@@ -1 +1 @@\n-a = 1\n+a = 2\n") == "m.py"
        assert ws.files["m.py"] == "a = 2\nb = 2\nc = 3\n"
    finally:
        ws.close()


def _file_diff(path: str, before: str, after: str) -> str:
    lines = difflib.unified_diff(before.splitlines(keepends=True),
                                 after.splitlines(keepends=True), f"a/{path}", f"b/{path}")
    return "".join(line if line.endswith("\n") else line + "\n" for line in lines)


def test_every_bank_diff_applies_both_ways():
    """The pull requests of the bank, file by file: base -> head and head -> base."""
    applied = 0
    for task in all_tasks():
        for path, after in task.head_changes.items():
            before = task.base.get(path)
            if before is None or not before.endswith("\n") or not after.endswith("\n"):
                continue  # an added file (propose_patch creates it with content)
            assert apply_unified_diff(before, _file_diff(path, before, after), path) == after
            assert apply_unified_diff(after, _file_diff(path, after, before), path) == before
            applied += 1
    assert applied >= len(all_tasks())


def test_lines_are_numbered_at_newlines_only():
    """A form feed or U+2028 inside a line does not end it (as read_file and findings count)."""
    text = "a = 1  # \x0c page\nb = '\u2028'\nc = 3\n"
    diff = "@@ -3 +3 @@\n-c = 3\n+c = 4\n"
    assert apply_unified_diff(text, diff, "m.py") == text.replace("c = 3", "c = 4")
    inside = "@@ -1 +1 @@\n-a = 1  # \x0c page\n+a = 2\n"
    assert apply_unified_diff(text, inside, "m.py") == text.replace("a = 1  # \x0c page", "a = 2")
