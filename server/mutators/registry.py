"""The table of mutation kinds: one instance per kind, in the order sites are reported."""

from __future__ import annotations

from .base import Kind, Mutator
from .bounds import BoundOffByOne, ConstantOffByOne, SliceOffByOne
from .calls import DroppedKeyword, InvertedFlag, LostAwait, SwappedArguments
from .conditions import InvertedCondition, RemovedGuard, ReturnFlip
from .defaults import SharedMutableDefault, WrongDefault
from .errors import BroadenedExcept, ExceptionSwallowed, ResourceLeak, SkippedCleanup
from .operators import (
    ArithmeticOperator,
    BooleanOperator,
    CompareBoundary,
    CompareNegation,
    IntegerDivision,
    MinMax,
)

MUTATORS: tuple[Mutator, ...] = (
    CompareBoundary(),
    CompareNegation(),
    ArithmeticOperator(),
    IntegerDivision(),
    ConstantOffByOne(),
    BoundOffByOne(),
    SliceOffByOne(),
    InvertedCondition(),
    RemovedGuard(),
    SwappedArguments(),
    BooleanOperator(),
    MinMax(),
    ReturnFlip(),
    ExceptionSwallowed(),
    BroadenedExcept(),
    WrongDefault(),
    LostAwait(),
    ResourceLeak(),
    SharedMutableDefault(),
    DroppedKeyword(),
    InvertedFlag(),
    SkippedCleanup(),
)

KINDS: dict[str, Kind] = {m.name: m.kind() for m in MUTATORS}
