"""The `search` action: RE2 over the workspace's lines, in time linear in the text searched.

Python's `re` backtracks: `(.+)+!` on one long line runs for minutes while holding the GIL, which
froze every session of the server. RE2 (google-re2) never backtracks, so a search costs at most
(pattern size) x (text size), and both are bounded: the action model caps the pattern, only the
first MAX_SCAN_CHARS of a line are searched, the workspace's total size is capped (workspace.py),
and at most MAX_HITS lines of at most MAX_HIT_CHARS each are returned. Each line is a separate
call, so the GIL is released between lines whatever the engine does inside one.

RE2 has no backreferences, lookaround, atomic groups or possessive quantifiers: such patterns are
refused with a message that says so, never run by another engine.
"""

from __future__ import annotations

import re

import re2

from .tasks.model import split_lines

MAX_SCAN_CHARS = 1000
MAX_HITS = 100
MAX_HIT_CHARS = 200
# RE2's memory budget for one compiled pattern; a bigger automaton is refused, not built.
MAX_REGEX_MEMORY = 8 << 20

_OPTIONS = re2.Options()
_OPTIONS.log_errors = False  # RE2 would print every refused pattern to the server's stderr
_OPTIONS.max_mem = MAX_REGEX_MEMORY

# What Python's `re` accepts and RE2 does not, named for the reviewer (checked on RE2's refusal).
_UNSUPPORTED = (
    (re.compile(r"\\[1-9]|\(\?P=|\\g<"), "backreferences"),
    (re.compile(r"\(\?<?[=!]"), "lookahead and lookbehind"),
    (re.compile(r"\(\?>"), "atomic groups"),
    (re.compile(r"[*+?}]\+"), "possessive quantifiers"),
    (re.compile(r"\(\?\("), "conditional groups"),
)


class SearchError(ValueError):
    """The pattern cannot be searched for; the message is shown to the reviewer."""


def compile_pattern(pattern: str) -> re2._Regexp:
    try:
        return re2.compile(pattern, _OPTIONS)
    except re2.error as exc:
        reason = exc.args[0] if exc.args else "invalid pattern"
        if isinstance(reason, bytes):
            reason = reason.decode("utf-8", "replace")
        for construct, name in _UNSUPPORTED:
            if construct.search(pattern):
                raise SearchError(
                    f"unsupported regular expression: {name} are not available (search uses "
                    f"RE2 syntax, which runs in linear time); RE2 says: {reason}") from None
        raise SearchError(f"invalid regular expression (RE2 syntax): {reason}") from None


def search_files(files: dict[str, str], pattern: str) -> str:
    """Lines of `files` (sorted by path) where `pattern` matches, as `path:line: text`."""
    regex = compile_pattern(pattern)
    hits = []
    for rel in sorted(files):
        for n, line in enumerate(split_lines(files[rel]), 1):
            if regex.search(line[:MAX_SCAN_CHARS]):
                hits.append(f"{rel}:{n}: {line.strip()[:MAX_HIT_CHARS]}")
                if len(hits) >= MAX_HITS:
                    return "\n".join([*hits, f"... (stopped at {MAX_HITS} matches)"])
    return "\n".join(hits) if hits else f"no match for {pattern!r}"
