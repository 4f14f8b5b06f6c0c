"""Applying an agent's unified diff to one workspace file.

The diff is parsed by `unidiff`, which holds every hunk to the line counts of its header; on top
of that a body line left over after a hunk's counts are met is an error too (unidiff would drop
it silently). The diff may omit the `---`/`+++` file headers (one bare hunk is the common case);
when it has them they must name the file being patched, in place: a diff for another file, for
several files, a rename or a deletion is refused. Every refusal is a DiffError whose message is
shown to the agent, so it says what to change.

Applying is exact: hunks in order, context and removed lines must match the file (line endings
aside), no fuzz. An added line always ends with a newline (a "No newline at end of file" marker
is ignored), as every file the environment writes does.
"""

from __future__ import annotations

import re
from io import StringIO

from unidiff import PatchedFile, PatchSet, UnidiffParseError
from unidiff.patch import Hunk

DEV_NULL = "/dev/null"
# A line number has at most 9 digits: a longer one could only be an error (and int() of
# thousands of digits is refused by Python), so such a header is not a hunk.
_HUNK = re.compile(r"^@@ -\d{1,9}(?:,\d{1,9})? \+\d{1,9}(?:,\d{1,9})? @@")
_HEADER = re.compile(r"^(---|\+\+\+) ")
NO_HUNK = "diff has no hunk (@@ -a,b +c,d @@)"


def _lines(text: str) -> list[str]:
    """The lines with their ends, split at "\n" only: as the environment numbers lines and as
    unidiff reads the diff (str.splitlines also breaks at form feeds, U+2028...)."""
    parts = text.split("\n")
    return [part + "\n" for part in parts[:-1]] + ([parts[-1]] if parts[-1] else [])


class DiffError(ValueError):
    """A diff that cannot be applied; the message is shown to the agent."""


def _with_headers(diff: str, path: str) -> tuple[str, int]:
    """The diff, with file headers for `path` before its first hunk when it has none, and the
    number of lines added."""
    lines = _lines(diff)
    for i, line in enumerate(lines):
        if line.startswith("--- ") or line.startswith("diff --git "):
            return diff, 0
        if line.startswith("@@"):
            return "".join([*lines[:i], f"--- a/{path}\n", f"+++ b/{path}\n", *lines[i:]]), 2
    return diff, 0


def _parse(diff: str, path: str) -> PatchSet:
    if not any(_HUNK.match(line) for line in _lines(diff)):
        raise DiffError(NO_HUNK)
    text, added = _with_headers(diff, path)
    try:
        patch = PatchSet(StringIO(text))
    except UnidiffParseError as exc:
        raise DiffError(f"diff does not parse: {_explain(str(exc))}") from None
    _check_nothing_left_over(text, patch, added)
    return patch


def _explain(message: str) -> str:
    if message.startswith("Hunk is shorter than expected"):
        return ("a hunk has fewer lines than its header counts (@@ -start,old-lines "
                "+start,new-lines @@: old lines are context and '-' lines, new lines context "
                "and '+' lines)")
    if message.startswith("Unexpected hunk found"):
        return (f"{message.strip()}: the hunk before it has more lines than its header counts, "
                "or the hunk has no file header")
    return message.strip()


def _check_nothing_left_over(text: str, patch: PatchSet, added: int) -> None:
    """A body line (' ', '-' or '+') after a hunk whose counts are already met: the header
    counts fewer lines than the hunk has. `added`: header lines not in the agent's diff."""
    consumed = {line.diff_line_no for file in patch for hunk in file for line in hunk}
    header = None
    for number, line in enumerate(_lines(text), 1):
        if _HUNK.match(line):
            header = line.split("@@")[1].strip()
        elif header and number not in consumed and line[:1] in " +-" \
                and not _HEADER.match(line):
            raise DiffError(
                f"diff does not parse: hunk @@ {header} @@ has more lines than its header "
                f"counts (line {number - added} of the diff, {line.rstrip()!r}, is past its end): "
                "fix the counts or split the hunk")


def _strip_prefix(name: str) -> str:
    return name[2:] if name[:2] in ("a/", "b/") else name


def _names(name: str | None, path: str) -> bool:
    """Whether a header's file name is `path` (with or without git's a/ or b/ prefix)."""
    if not name:
        return False
    name = name.removeprefix("./")
    return name == path or _strip_prefix(name).removeprefix("./") == path


def _the_file(patch: PatchSet, path: str | None, text: str) -> PatchedFile:
    """The one file section of the diff, checked to patch `path` (when given) in place."""
    named = sorted({_strip_prefix(f.path) for f in patch})
    if len(patch) != 1:
        raise DiffError(f"diff has {len(patch)} file sections ({', '.join(named)}); "
                        f"propose_patch changes one file: give a diff for {path or 'it'} only")
    file = patch[0]
    source, target = file.source_file, file.target_file
    path = path or _strip_prefix(target if source == DEV_NULL else source)
    if file.is_binary_file:
        raise DiffError(f"diff is a binary patch; {path} takes a text diff")
    if target == DEV_NULL or file.is_removed_file:
        raise DiffError(f"diff deletes {path}; propose_patch changes a file in place "
                        "(to empty it, give content \"\")")
    if source != DEV_NULL and not (_names(source, path) and _names(target, path)):
        if _names(source, path) or _names(target, path):
            raise DiffError(f"diff renames {_strip_prefix(source)} to {_strip_prefix(target)}; "
                            f"propose_patch changes {path} in place: use the same name in "
                            "the --- and +++ headers")
        raise DiffError(f"diff is for {_strip_prefix(target)}, not {path}: give a diff "
                        f"against {path} (or patch {_strip_prefix(target)} with its own path)")
    if source == DEV_NULL and not _names(target, path):
        raise DiffError(f"diff is for {_strip_prefix(target)}, not {path}")
    if source == DEV_NULL and text:
        raise DiffError(f"diff adds {path} as a new file, but it exists: give a diff against "
                        "its current text")
    if not len(file):
        raise DiffError(NO_HUNK)
    return file


def _apply_hunk(old: list[str], pos: int, hunk: Hunk, out: list[str]) -> int:
    """Append the hunk's result to `out`; returns the position in `old` after it."""
    for line in hunk:
        if line.line_type in (" ", "-"):
            current = old[pos] if pos < len(old) else None
            if current is None or current.rstrip("\r\n") != line.value.rstrip("\r\n"):
                raise DiffError(f"diff does not apply: line {pos + 1} is {current!r}, diff "
                                f"expects {line.value!r}")
            if line.line_type == " ":
                out.append(current)
            pos += 1
        elif line.line_type == "+":
            out.append(line.value if line.value.endswith("\n") else line.value + "\n")
    return pos


def apply_unified_diff(text: str, diff: str, path: str | None = None) -> str:
    """`text` (the current content of `path`) with the diff applied; DiffError when the diff
    does not parse, is not for `path` in place, or does not match the text exactly."""
    file = _the_file(_parse(diff, path or "file"), path, text)
    old = _lines(text)
    out: list[str] = []
    pos = 0
    for hunk in file:
        # An empty old side (`-n,0`) inserts after line n; otherwise the hunk starts at line n.
        start = hunk.source_start - 1 if hunk.source_length else hunk.source_start
        if start < pos:
            raise DiffError("diff hunks overlap or are out of order")
        out.extend(old[pos:start])
        pos = _apply_hunk(old, start, hunk, out)
    out.extend(old[pos:])
    return "".join(out)
