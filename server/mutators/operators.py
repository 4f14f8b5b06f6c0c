"""Operator slips: a comparison, an arithmetic or boolean operator, min/max, swapped."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

import libcst as cst

from .base import CONTAINERS, DISPLAYS, STRINGS, Mutator, Rewrite, Source, is_constant, rewrite

_BOUNDARY = {cst.LessThan: "<=", cst.LessThanEqual: "<", cst.GreaterThan: ">=",
             cst.GreaterThanEqual: ">"}
_NEGATION = {cst.Equal: "!=", cst.NotEqual: "==", cst.Is: "is not", cst.IsNot: "is",
             cst.In: "not in", cst.NotIn: "in"}
_ARITH = {cst.Add: "-", cst.Subtract: "+", cst.Multiply: "/", cst.Divide: "*"}
_DIVISION = {cst.FloorDivide: "/", cst.Divide: "//"}
_AUG = {cst.AddAssign: "-=", cst.SubtractAssign: "+="}


class OperatorSwap(Mutator):
    """A kind that replaces a node's operator by its partner in `swaps`, where `fits` allows."""

    swaps: ClassVar[dict[type[cst.CSTNode], str]]

    def fits(self, node: cst.CSTNode) -> bool:
        return True

    def rewrites(self, node: cst.CSTNode, src: Source) -> Iterator[Rewrite]:
        operator = getattr(node, "operator", None)
        new = self.swaps.get(type(operator))
        if new and self.fits(node):
            yield rewrite(src.replace(operator, new))


class CompareBoundary(OperatorSwap):
    name = "compare-boundary"
    bug_class = "off-by-one"
    title = "`{func}` gets the boundary case wrong"
    explanation = ("A strict comparison became inclusive or the reverse, so the value exactly at "
                   "the limit now lands on the wrong side.")
    hint = "Walk through the boundary case of the changed code: what should happen exactly at the limit?"
    applies_to = (cst.ComparisonTarget,)
    swaps = _BOUNDARY


class CompareNegation(OperatorSwap):
    name = "compare-negation"
    bug_class = "wrong-condition"
    title = "`{func}` tests the opposite condition"
    explanation = ("The comparison now tests the negation of what it tested before, so the "
                   "branch or filter selects the wrong cases.")
    hint = "Re-read the changed condition: does it still pick out the cases it is meant to?"
    applies_to = (cst.ComparisonTarget,)
    swaps = _NEGATION


def _numeric(node: cst.BinaryOperation) -> bool:
    """Neither operand is a string or a container display: `+` is arithmetic, not concatenation."""
    return not any(isinstance(o, (*STRINGS, *CONTAINERS)) for o in (node.left, node.right))


class ArithmeticOperator(OperatorSwap):
    name = "arithmetic-operator"
    bug_class = "wrong-operator"
    title = "`{func}` computes its result with the wrong operator"
    explanation = ("An arithmetic operator was swapped, so the computed value is wrong for "
                   "ordinary inputs.")
    hint = "Recompute one result of the changed function by hand, with small numbers."
    applies_to = (cst.BinaryOperation, cst.AugAssign)
    swaps = {**_ARITH, **_AUG}  # `+` and `+=` are distinct operator node types

    def fits(self, node: cst.CSTNode) -> bool:
        return isinstance(node, cst.AugAssign) or _numeric(node)


class IntegerDivision(OperatorSwap):
    name = "integer-division"
    bug_class = "integer-arithmetic"
    title = "`{func}` changes how a division rounds"
    explanation = ("Floor division and true division were swapped, which changes the type and "
                   "the rounding of the result.")
    hint = "Check the type and the rounding of what the changed arithmetic produces."
    applies_to = (cst.BinaryOperation,)
    swaps = _DIVISION

    def fits(self, node: cst.CSTNode) -> bool:
        return _numeric(node)


class BooleanOperator(Mutator):
    name = "boolean-operator"
    bug_class = "wrong-condition"
    title = "`{func}` combines its conditions with the wrong boolean operator"
    explanation = ("`and` and `or` were swapped, so the condition holds when any part holds "
                   "instead of all of them, or the reverse.")
    hint = "Work out when the changed condition is true: should all of its parts hold, or any?"
    applies_to = (cst.BooleanOperation,)

    def rewrites(self, node: cst.BooleanOperation, src: Source) -> Iterator[Rewrite]:
        parent = src.parent
        if (isinstance(parent, cst.BooleanOperation) and parent.left is node and not node.lpar
                and type(parent.operator) is type(node.operator)):
            return  # `a and b and c` is one condition: its outermost node swaps every `and`
        chain = [node]
        while (isinstance(chain[-1].left, cst.BooleanOperation) and not chain[-1].left.lpar
               and type(chain[-1].left.operator) is type(node.operator)):
            chain.append(chain[-1].left)
        values = [chain[-1].left, *(n.right for n in reversed(chain))]
        if any(is_constant(v) or isinstance(v, DISPLAYS) for v in values):
            return  # `rates or {}`: a default, not a condition
        new = "or" if isinstance(node.operator, cst.And) else "and"
        yield rewrite(*(src.replace(n.operator, new) for n in reversed(chain)))


class MinMax(Mutator):
    name = "min-max"
    bug_class = "wrong-operator"
    title = "`{func}` clamps in the wrong direction"
    explanation = "`min` and `max` were swapped, so a bound is applied in the wrong direction."
    hint = "Is every bound in the change applied in the right direction: smallest or largest?"
    applies_to = (cst.Call,)

    def rewrites(self, node: cst.Call, src: Source) -> Iterator[Rewrite]:
        if isinstance(node.func, cst.Name) and node.func.value in ("min", "max"):
            yield rewrite(src.replace(node.func, "max" if node.func.value == "min" else "min"))
