"""Call-site slips: arguments swapped, a keyword argument dropped or its flag inverted, an
`await` lost."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import pairwise

import libcst as cst

from .base import Mutator, Rewrite, Source, call_name, positional, rewrite

# Calls whose arguments are not interchangeable values: swapping them is not a plausible slip.
_NO_SWAP = frozenset({
    "isinstance", "issubclass", "getattr", "setattr", "hasattr", "delattr", "print", "format",
    "open", "super", "map", "filter", "sorted", "enumerate", "round", "iter", "next", "dict",
    "setdefault", "get", "pop", "join", "append", "insert", "debug", "info", "warning", "error",
    "exception", "critical", "log", "field", "cast", "partial", "sub", "match", "search",
    "fullmatch", "compile", "split", "strftime", "strptime", "encode", "decode", "Decimal",
    "sum",
})


# A string constant is a message or a key, a lambda a callback: not a value to swap (f-strings
# are values built from the call's data, and do get swapped).
_NOT_SWAPPED = (cst.SimpleString, cst.ConcatenatedString, cst.Lambda)


class SwappedArguments(Mutator):
    name = "swapped-arguments"
    bug_class = "api-contract"
    category = "api_contract"
    title = "`{func}` passes two arguments in the wrong order"
    explanation = ("Two positional arguments of a call were swapped, so the callee receives each "
                   "value in the other's place.")
    hint = "Compare each call in the change with the signature of the function it calls."
    applies_to = (cst.Call,)

    def rewrites(self, node: cst.Call, src: Source) -> Iterator[Rewrite]:
        args = positional(node)
        if not args or len(args) < 2 or call_name(node) in _NO_SWAP:
            return
        for left, right in pairwise(a.value for a in args):
            if any(isinstance(v, _NOT_SWAPPED) for v in (left, right)):
                continue
            (a_start, a_end) = src.span(left, parens=True)
            (b_start, b_end) = src.span(right, parens=True)
            a, b = src.text[a_start:a_end], src.text[b_start:b_end]
            if a != b:
                yield rewrite((a_start, b_end, b + src.text[a_end:b_start] + a))


def _keywords(node: cst.Call) -> list[tuple[int, cst.Arg]]:
    return [(i, a) for i, a in enumerate(node.args) if a.keyword is not None]


class DroppedKeyword(Mutator):
    name = "dropped-keyword"
    bug_class = "api-contract"
    category = "api_contract"
    title = "`{func}` leaves out an argument of a call"
    explanation = ("A keyword argument was left out of a call, so the callee falls back to its "
                   "default for it.")
    hint = "Compare each call in the change with what the callee needs to be told."
    applies_to = (cst.Call,)

    def rewrites(self, node: cst.Call, src: Source) -> Iterator[Rewrite]:
        args = node.args
        for i, arg in _keywords(node):
            start, end = src.span(arg)
            if i > 0:  # `f(a, key=v)` -> `f(a)`: from the end of the argument before
                start = src.span(args[i - 1])[1]
            elif i + 1 < len(args):  # `f(key=v, b)` -> `f(b)`: up to the argument after
                end = src.span(args[i + 1])[0]
            else:  # the only argument, with its trailing comma if it has one
                rest = src.text[end:]
                stripped = rest.lstrip()
                if stripped.startswith(","):
                    end += len(rest) - len(stripped) + 1
            yield rewrite((start, end, ""))


class InvertedFlag(Mutator):
    name = "inverted-flag"
    bug_class = "wrong-condition"
    title = "`{func}` passes a flag with the wrong value"
    explanation = ("A boolean keyword argument of a call was inverted, so the callee does the "
                   "opposite of what was asked for.")
    hint = "Check the value of every option that the change passes to a call."
    applies_to = (cst.Call,)

    def rewrites(self, node: cst.Call, src: Source) -> Iterator[Rewrite]:
        for _, arg in _keywords(node):
            value = arg.value
            if isinstance(value, cst.Name) and value.value in ("True", "False"):
                yield rewrite(src.replace(value, "False" if value.value == "True" else "True"))


class LostAwait(Mutator):
    name = "lost-await"
    bug_class = "missing-await"
    category = "concurrency"
    title = "`{func}` uses a coroutine without awaiting it"
    explanation = ("An `await` was left out, so the code gets a coroutine object instead of its "
                   "result, and the awaited work never runs.")
    hint = "Is everything asynchronous in the change awaited where its result is used?"
    applies_to = (cst.Await,)

    def rewrites(self, node: cst.Await, src: Source) -> Iterator[Rewrite]:
        start, _ = src.span(node)
        inner, _ = src.span(node.expression)
        yield rewrite((start, inner, ""))
