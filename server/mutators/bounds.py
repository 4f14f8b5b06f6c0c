"""Off-by-one slips: a constant, a range bound, a slice bound."""

from __future__ import annotations

from collections.abc import Iterator

import libcst as cst

from .base import Mutator, Rewrite, Source, call_name, int_value, positional, rewrite

_BOUND_EXPRS = (cst.Name, cst.Attribute, cst.Call, cst.Subscript)
_BOUND_OPS = (cst.Add, cst.Subtract, cst.Multiply, cst.FloorDivide)


def _shifted(node: cst.CSTNode, src: Source) -> Iterator[Rewrite]:
    """`bound` -> `bound + 1` and `bound - 1`, for a name, attribute, call, item or sum."""
    arithmetic = isinstance(node, cst.BinaryOperation) and isinstance(node.operator, _BOUND_OPS)
    if isinstance(node, _BOUND_EXPRS) or arithmetic:
        _, end = src.span(node)
        for suffix in (" + 1", " - 1"):
            yield rewrite((end, end, suffix))


def _moved(node: cst.Integer, src: Source) -> Iterator[Rewrite]:
    value = int_value(node)
    if value is None:
        return
    for new in (value + 1, value - 1):
        if new >= 0:
            yield rewrite(src.replace(node, str(new)))


def _in_range_call(src: Source) -> bool:
    """The node being visited is a positional argument of `range(...)`."""
    if len(src.ancestors) < 2:
        return False
    arg, call = src.ancestors[-1], src.ancestors[-2]
    return (isinstance(arg, cst.Arg) and arg.keyword is None and isinstance(call, cst.Call)
            and call_name(call) == "range")


class ConstantOffByOne(Mutator):
    name = "constant-off-by-one"
    bug_class = "off-by-one"
    title = "`{func}` uses a number that is off by one"
    explanation = "An integer constant moved by one, so a count, an index or a limit is off by one."
    hint = "Count carefully: is every number in the change the right count, index or limit?"
    applies_to = (cst.Integer,)

    def rewrites(self, node: cst.Integer, src: Source) -> Iterator[Rewrite]:
        parent = src.parent
        plausible = (
            isinstance(parent, cst.ComparisonTarget | cst.Comparison | cst.Index)
            or (isinstance(parent, cst.BinaryOperation)
                and isinstance(parent.operator, cst.Add | cst.Subtract))
            or (isinstance(parent, cst.AugAssign)
                and isinstance(parent.operator, cst.AddAssign | cst.SubtractAssign))
            or _in_range_call(src)
        )
        if plausible:
            yield from _moved(node, src)


class BoundOffByOne(Mutator):
    name = "bound-off-by-one"
    bug_class = "off-by-one"
    title = "`{func}` iterates one element too far or too short"
    explanation = ("A range bound moved by one, so the first or the last element is skipped or "
                   "one too many is taken.")
    hint = "Check the first and the last element that the changed range covers."
    applies_to = (cst.Call,)

    def rewrites(self, node: cst.Call, src: Source) -> Iterator[Rewrite]:
        args = positional(node)
        if call_name(node) != "range" or not args or len(args) != len(node.args):
            return
        yield from _shifted((args[0] if len(args) == 1 else args[1]).value, src)


class SliceOffByOne(Mutator):
    name = "slice-off-by-one"
    bug_class = "off-by-one"
    title = "`{func}` slices one element too far or too short"
    explanation = ("A slice bound moved by one, so the first or the last element of the slice "
                   "is dropped or one too many is kept.")
    hint = "Check the first and the last element that the changed slice keeps."
    applies_to = (cst.Slice,)

    def rewrites(self, node: cst.Slice, src: Source) -> Iterator[Rewrite]:
        for bound in (node.lower, node.upper):
            if bound is None:
                continue
            if isinstance(bound, cst.Integer):
                yield from _moved(bound, src)
            elif (isinstance(bound, cst.UnaryOperation) and isinstance(bound.operator, cst.Minus)
                  and (value := int_value(bound.expression)) is not None):
                for new in (value + 1, value - 1):  # s[:-1] -> s[:-2], s[:-2] -> s[:-1]
                    if new > 0:
                        yield rewrite(src.replace(bound.expression, str(new)))
            else:
                yield from _shifted(bound, src)
