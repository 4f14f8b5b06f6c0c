"""What every mutation kind shares: the site it produces, its description, and its source view.

A kind is a small `Mutator` class: its texts (bug class, category, severity, title, explanation,
hint), the libcst node types it applies to, and `rewrites`, which yields minimal character-offset
edits for one node. Edits are cut from the original text (never re-rendered by libcst), so the
rest of the file, its comments and its formatting stay byte-identical.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import ClassVar

import libcst as cst
from libcst.metadata import CodeSpan

from ..tasks.model import line_count

Edit = tuple[int, int, str]  # (start, end, replacement): character offsets into the text


@dataclass(frozen=True)
class Kind:
    bug_class: str
    category: str
    severity: str
    title: str  # the title, with {func}
    explanation: str  # the rationale's middle sentence
    hint: str  # never names the line nor the code
    deletes: bool = False  # the mutant leaves code out (the rationale says so)


@dataclass(frozen=True)
class Mutation:
    kind: str
    path: str
    func: str  # qualified name of the enclosing function
    edits: tuple[Edit, ...]
    category: str = ""  # overrides the kind's category (a removed guard that raised)

    def apply(self, text: str) -> str:
        for start, end, replacement in sorted(self.edits, reverse=True):
            text = text[:start] + replacement + text[end:]
        return text

    def head_span(self, mutant: str) -> tuple[int, int]:
        """Lines of the mutant (1-based, inclusive) that the mutation touches."""
        edits = sorted(self.edits)
        first = edits[0][0]
        delta = sum(len(r) - (e - s) for s, e, r in edits)
        last = edits[-1][1] + delta  # end of the last edit, in the mutant
        start_line = mutant.count("\n", 0, first) + 1
        lines = line_count(mutant)
        if last > first:
            end_line = mutant.count("\n", 0, last - 1) + 1
            return start_line, max(start_line, end_line)
        # A pure deletion: the lines on either side of the gap.
        return max(1, start_line - 1), min(max(1, lines), start_line)

    def touched_lines(self, text: str) -> frozenset[int]:
        """Non-blank lines of the original `text` (1-based) that the edits touch."""
        lines = text.split("\n")
        touched: set[int] = set()
        for start, end, _ in self.edits:
            first = text.count("\n", 0, start) + 1
            last = text.count("\n", 0, max(start, end - 1)) + 1
            touched.update(n for n in range(first, last + 1) if lines[n - 1].strip())
        return frozenset(touched)


@dataclass(frozen=True)
class Rewrite:
    """One way a mutator rewrites one node: its edits, and a category that overrides the kind's."""

    edits: tuple[Edit, ...]
    category: str = ""


class Source:
    """The text being mutated, seen through libcst positions, and where the walk stands."""

    def __init__(self, text: str, spans: Mapping[cst.CSTNode, CodeSpan]):
        self.text = text
        self.lines = text.split("\n")
        self.starts = [0]
        for line in self.lines[:-1]:
            self.starts.append(self.starts[-1] + len(line) + 1)
        self.spans = spans
        # libcst's spans count UTF-8 bytes: map them to characters (the identity for ASCII).
        self._chars: list[int] | None = None
        if not text.isascii():
            self._chars = [i for i, ch in enumerate(text) for _ in range(len(ch.encode()))]
            self._chars.append(len(text))
        self.ancestors: list[cst.CSTNode] = []  # of the node being visited, nearest last
        self.func = ""

    @property
    def parent(self) -> cst.CSTNode | None:
        return self.ancestors[-1] if self.ancestors else None

    def span(self, node: cst.CSTNode, parens: bool = False) -> tuple[int, int]:
        """Character offsets of the node's own text (without whitespace its parent owns);
        with `parens`, its own parentheses included (libcst's span leaves them out)."""
        where = self.spans[node]
        start, end = where.start, where.start + where.length
        if parens and getattr(node, "lpar", None):
            start = self.spans[node.lpar[0]].start  # type: ignore[attr-defined]
            last = self.spans[node.rpar[-1]]  # type: ignore[attr-defined]
            end = last.start + last.length
        if self._chars is not None:
            return self._chars[start], self._chars[end]
        return start, end

    def segment(self, node: cst.CSTNode, parens: bool = True) -> str:
        """The node's text, parentheses included: what a copy of the expression needs."""
        start, end = self.span(node, parens)
        return self.text[start:end]

    def replace(self, node: cst.CSTNode, replacement: str) -> Edit:
        return (*self.span(node), replacement)

    def line_of(self, offset: int) -> int:
        """1-based line of a character offset."""
        return self.text.count("\n", 0, offset) + 1

    def line_end(self, line: int) -> int:
        """Offset of the end of a 1-based line, before its newline."""
        return self.starts[line - 1] + len(self.lines[line - 1])

    def indent(self, line: int) -> str:
        text = self.lines[line - 1]
        return text[: len(text) - len(text.lstrip())]

    def dedent(self, first: int, last: int, outer: str, inner: str) -> list[Edit] | None:
        """Edits that move lines first..last (1-based) from `inner` to `outer` indentation.

        None when a line of code is not at `inner` or deeper (a continuation line, say) or the
        lines hold a multi-line string, whose content a dedent would change."""
        region = "\n".join(self.lines[first - 1:last])
        if '"""' in region or "'''" in region:
            return None
        edits = []
        for n in range(first, last + 1):
            line = self.lines[n - 1]
            if not line.strip():
                continue
            if not line.startswith(inner):
                if line.lstrip().startswith("#"):
                    continue  # a comment may sit at any indentation
                return None
            begin = self.starts[n - 1] + len(outer)
            edits.append((begin, begin + len(inner) - len(outer), ""))
        return edits

    def statement_removal(self, stmt: cst.CSTNode) -> Edit | None:
        """An edit deleting a whole statement with the comments just above it, without leaving a
        blank line at the top of its block or a doubled blank line; None if the statement
        shares a line with other code."""
        start, end = self.span(stmt)
        first, last = self.line_of(start), self.line_of(end)
        lines = self.lines
        indent = self.indent(first)
        if start != self.starts[first - 1] + len(indent):
            return None
        tail = lines[last - 1][end - self.starts[last - 1]:].strip()
        if tail and not tail.startswith("#"):
            return None
        while first > 1 and lines[first - 2].startswith(indent + "#"):
            first -= 1
        before = lines[first - 2] if first > 1 else ""
        if last < len(lines) and not lines[last].strip() and (
                not before.strip() or before.rstrip().endswith(":")):
            last += 1
        stop = self.starts[last] if last < len(self.starts) else len(self.text)
        return (self.starts[first - 1], stop, "")


class Mutator:
    """One mutation kind. Subclasses set the texts and `applies_to`, and define `rewrites`."""

    name: ClassVar[str]
    bug_class: ClassVar[str]
    category: ClassVar[str] = "bug"
    severity: ClassVar[str] = "major"
    title: ClassVar[str]
    explanation: ClassVar[str]
    hint: ClassVar[str]
    deletes: ClassVar[bool] = False
    applies_to: ClassVar[tuple[type[cst.CSTNode], ...]]

    @classmethod
    def kind(cls) -> Kind:
        return Kind(cls.bug_class, cls.category, cls.severity, cls.title, cls.explanation,
                    cls.hint, cls.deletes)

    def rewrites(self, node: cst.CSTNode, src: Source) -> Iterator[Rewrite]:
        raise NotImplementedError


def rewrite(*edits: Edit, category: str = "") -> Rewrite:
    return Rewrite(tuple(edits), category)


# ---- node predicates shared by several kinds

STRINGS = (cst.SimpleString, cst.ConcatenatedString, cst.FormattedString)
CONTAINERS = (cst.List, cst.Tuple, cst.Set, cst.Dict, cst.ListComp, cst.SetComp, cst.DictComp,
              cst.GeneratorExp)
_SCALARS = (cst.Integer, cst.Float, cst.Imaginary, cst.SimpleString, cst.ConcatenatedString)
DISPLAYS = (cst.List, cst.Tuple, cst.Set, cst.Dict, cst.FormattedString)


def is_constant(node: cst.CSTNode) -> bool:
    """A number, a string, True, False or None: what `ast` calls a Constant."""
    return isinstance(node, _SCALARS) or (
        isinstance(node, cst.Name) and node.value in ("True", "False", "None"))


def call_name(node: cst.Call) -> str:
    if isinstance(node.func, cst.Name):
        return node.func.value
    if isinstance(node.func, cst.Attribute):
        return node.func.attr.value
    return ""


def positional(node: cst.Call) -> Sequence[cst.Arg] | None:
    """The call's positional arguments, or None if one is starred (`*args`)."""
    args = [a for a in node.args if a.keyword is None and a.star != "**"]
    if any(a.star for a in args):
        return None
    return args


def int_value(node: cst.CSTNode) -> int | None:
    if isinstance(node, cst.Integer):
        try:
            return int(node.value, 0)
        except ValueError:  # a legacy octal like 010 cannot parse; nothing to mutate
            return None
    return None
