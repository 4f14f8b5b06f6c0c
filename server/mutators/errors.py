"""Error-path slips: an exception swallowed or caught too broadly, a resource left open, a
cleanup that an early return skips."""

from __future__ import annotations

from collections.abc import Iterator

import libcst as cst

from .base import Mutator, Rewrite, Source, call_name, rewrite

_BROADEST = ("Exception", "BaseException")


def _small_statements(body: cst.BaseSuite) -> Iterator[cst.BaseSmallStatement]:
    if isinstance(body, cst.SimpleStatementSuite):
        yield from body.body
        return
    for stmt in body.body:
        if isinstance(stmt, cst.SimpleStatementLine):
            yield from stmt.body


class ExceptionSwallowed(Mutator):
    name = "exception-swallowed"
    bug_class = "swallowed-exception"
    category = "error_handling"
    title = "`{func}` swallows an error it should raise"
    explanation = ("A `raise` in an exception handler became `return None`, so the failure is "
                   "hidden and the caller carries on with a missing result.")
    hint = "Follow the failure path of the change: does the caller learn that something failed?"
    applies_to = (cst.ExceptHandler,)

    def rewrites(self, node: cst.ExceptHandler, src: Source) -> Iterator[Rewrite]:
        for small in _small_statements(node.body):
            if isinstance(small, cst.Raise):
                yield rewrite(src.replace(small, "return None"))


def _specific(node: cst.BaseExpression) -> bool:
    if isinstance(node, cst.Tuple):
        return bool(node.elements) and all(_specific(e.value) for e in node.elements)
    if isinstance(node, cst.Name):
        return node.value not in _BROADEST
    return isinstance(node, cst.Attribute)


class BroadenedExcept(Mutator):
    name = "broadened-except"
    bug_class = "swallowed-exception"
    category = "error_handling"
    title = "`{func}` catches far more errors than it handles"
    explanation = ("An `except` clause for specific errors now catches every `Exception`, so "
                   "unrelated failures are handled as if they were the expected one.")
    hint = "Which errors can reach the changed handler, and should all of them be handled there?"
    applies_to = (cst.ExceptHandler,)

    def rewrites(self, node: cst.ExceptHandler, src: Source) -> Iterator[Rewrite]:
        if node.type is not None and _specific(node.type):
            yield rewrite(src.replace(node.type, "Exception"))


def _block_lines(src: Source, header: cst.CSTNode, block: cst.BaseSuite
                 ) -> tuple[str, str, int, int] | None:
    """(outer indent, inner indent, first line, last line) of an indented block's lines."""
    if not isinstance(block, cst.IndentedBlock) or not block.body:
        return None
    start, _ = src.span(header)
    first_line = src.line_of(start)
    outer = src.indent(first_line)
    if start != src.starts[first_line - 1] + len(outer):
        return None
    inner = src.indent(src.line_of(src.span(block.body[0])[0]))
    if len(inner) <= len(outer) or not inner.startswith(outer):
        return None
    return outer, inner, src.line_of(src.span(block)[0]), src.line_of(src.span(block)[1])


class ResourceLeak(Mutator):
    name = "resource-leak"
    bug_class = "resource-leak"
    category = "resource"
    title = "`{func}` leaves a file open when it fails"
    explanation = ("A `with open(...)` block became a bare `open` with a `close()` at its end, so "
                   "an exception or an early return inside leaves the file open and unflushed.")
    hint = "What happens to what the change opens if the code in between raises or returns?"
    applies_to = (cst.With,)

    def rewrites(self, node: cst.With, src: Source) -> Iterator[Rewrite]:
        if node.asynchronous is not None or len(node.items) != 1:
            return
        item = node.items[0]
        if not (isinstance(item.item, cst.Call) and call_name(item.item) == "open"
                and item.asname is not None and isinstance(item.asname.name, cst.Name)):
            return
        lines = _block_lines(src, node, node.body)
        if lines is None:
            return
        outer, inner, body_first, last = lines
        colon = src.text.find(":", src.span(item)[1])
        first = src.line_of(colon) + 1  # comments above the first statement move with it
        if first > body_first:
            return  # `with open(p) as f: ...` on one line
        dedent = src.dedent(first, last, outer, inner)
        if dedent is None:
            return
        name = item.asname.name.value
        start, _ = src.span(node)
        header = (start, colon + 1, f"{name} = {src.segment(item.item)}")
        end = src.line_end(last)
        yield rewrite(header, *dedent, (end, end, f"\n{outer}{name}.close()"))


def _returns(node: cst.CSTNode) -> bool:
    """The node holds a `return` of its own function (nested definitions excluded)."""
    if isinstance(node, cst.Return):
        return True
    if isinstance(node, cst.FunctionDef | cst.Lambda | cst.ClassDef):
        return False
    return any(_returns(child) for child in node.children)


class SkippedCleanup(Mutator):
    name = "skipped-cleanup"
    bug_class = "resource-leak"
    category = "resource"
    title = "`{func}` skips its cleanup on an early return"
    explanation = ("A `try`/`finally` was flattened into straight-line code, so the cleanup that "
                   "the `finally` guaranteed no longer runs when the code returns early or raises.")
    hint = "Does the cleanup in the change still run on every way out of the code before it?"
    applies_to = (cst.Try,)

    def rewrites(self, node: cst.Try, src: Source) -> Iterator[Rewrite]:
        if node.handlers or node.orelse is not None or node.finalbody is None:
            return
        if not _returns(node.body):
            return
        body = _block_lines(src, node, node.body)
        final = _block_lines(src, node, node.finalbody.body)
        if body is None or final is None or body[:2] != final[:2]:
            return
        outer, inner, _, _ = body
        try_line = src.line_of(src.span(node)[0])
        finally_line = src.line_of(src.span(node.finalbody)[0])
        if (src.lines[try_line - 1].strip().split("#")[0].strip() != "try:"
                or src.lines[finally_line - 1].strip().split("#")[0].strip() != "finally:"):
            return
        first = src.dedent(try_line + 1, finally_line - 1, outer, inner)
        second = src.dedent(finally_line + 1, final[3], outer, inner)
        if first is None or second is None:
            return
        yield rewrite(*self._drop_line(src, try_line), *first,
                      *self._drop_line(src, finally_line), *second)

    @staticmethod
    def _drop_line(src: Source, line: int) -> list[tuple[int, int, str]]:
        return [(src.starts[line - 1], src.starts[line], "")]
