"""Control-flow slips: a condition inverted, a returned boolean flipped, a guard left out."""

from __future__ import annotations

import re
from collections.abc import Iterator

import libcst as cst

from .base import Mutator, Rewrite, Source, is_constant, rewrite

# Expressions that `not` would bind into the wrong way without parentheses.
_NEEDS_PARENS = (cst.BooleanOperation, cst.IfExp, cst.Lambda, cst.NamedExpr, cst.Await,
                 cst.Yield)


class InvertedCondition(Mutator):
    name = "inverted-condition"
    bug_class = "wrong-condition"
    title = "`{func}` takes the branch in the opposite case"
    explanation = "The condition was inverted, so the branch runs exactly when it should not."
    hint = "Is each branch of the change taken in the case it is meant for, or in the opposite one?"
    applies_to = (cst.If, cst.While, cst.IfExp, cst.CompIf)

    def rewrites(self, node: cst.If | cst.While | cst.IfExp | cst.CompIf,
                 src: Source) -> Iterator[Rewrite]:
        test = node.test
        if is_constant(test):
            return  # `while True:`
        start, end = src.span(test)
        text = src.text[start:end]
        if isinstance(test, cst.UnaryOperation) and isinstance(test.operator, cst.Not):
            match = re.match(r"not\b\s*", text)
            if match:
                yield rewrite((start, end, text[match.end():]))
            return
        inverted = f"not ({text})" if isinstance(test, _NEEDS_PARENS) else f"not {text}"
        yield rewrite((start, end, inverted))


class ReturnFlip(Mutator):
    name = "return-flip"
    bug_class = "wrong-condition"
    title = "`{func}` reports the opposite answer"
    explanation = "A returned boolean was flipped, so the function answers the opposite in that case."
    hint = "What does the changed function report in the case the change touches?"
    applies_to = (cst.Return,)

    def rewrites(self, node: cst.Return, src: Source) -> Iterator[Rewrite]:
        value = node.value
        if isinstance(value, cst.Name) and value.value in ("True", "False"):
            yield rewrite(src.replace(value, "False" if value.value == "True" else "True"))


def only_statement(body: cst.BaseSuite) -> cst.BaseSmallStatement | None:
    """The one simple statement of a suite (`if x: return` or its indented form), if so."""
    if isinstance(body, cst.SimpleStatementSuite):
        return body.body[0] if len(body.body) == 1 else None
    if len(body.body) == 1 and isinstance(body.body[0], cst.SimpleStatementLine):
        line = body.body[0]
        return line.body[0] if len(line.body) == 1 else None
    return None


class RemovedGuard(Mutator):
    name = "removed-guard"
    bug_class = "missing-guard"
    title = "`{func}` no longer rejects the input it used to turn away"
    explanation = ("An early exit that guarded the rest of the function was removed, so inputs "
                   "it used to reject or short-circuit now run through the main path.")
    hint = "What happens now with input that the function used to turn away early?"
    deletes = True
    applies_to = (cst.If,)

    def rewrites(self, node: cst.If, src: Source) -> Iterator[Rewrite]:
        block = src.parent
        exit_ = only_statement(node.body)
        if (node.orelse is not None or not isinstance(exit_, cst.Raise | cst.Return | cst.Continue)
                or not isinstance(block, cst.IndentedBlock) or len(block.body) < 2):
            return
        edit = src.statement_removal(node)
        if edit:
            raises = isinstance(exit_, cst.Raise)
            yield rewrite(edit, category="error_handling" if raises else "")
