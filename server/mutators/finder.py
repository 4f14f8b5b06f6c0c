"""The walk: every mutation site inside the function bodies of one file, in source order.

Module and class level are not mutated (definitions, constants), nor annotations, decorators,
f-strings or classes nested in functions. At each node every kind that applies to its type
yields its rewrites, in the order of the table: the same text always gives the same sites in the
same order.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache, lru_cache

import libcst as cst
from libcst.metadata import ByteSpanPositionProvider, MetadataWrapper

from .base import Mutation, Mutator, Source
from .registry import MUTATORS

_SKIP = (cst.ClassDef, cst.FormattedString, cst.Annotation, cst.Decorator)
# Fields that hold only whitespace, brackets and separators: no site is ever below them.
_LAYOUT = frozenset({"lpar", "rpar", "comma", "semicolon", "leading_lines", "lines_after_decorators",
                     "header", "footer", "newline", "trailing_whitespace", "equal", "star_arg",
                     "colon", "dot", "lbracket", "rbracket", "lbrace", "rbrace", "asynchronous"})


@cache
def _fields(node_type: type) -> tuple[str, ...]:
    return tuple(name for name in node_type.__dataclass_fields__
                 if name not in _LAYOUT and not name.startswith("whitespace"))


def _children(node: cst.CSTNode) -> Iterator[cst.CSTNode]:
    """The node's children that can hold code (cheaper than libcst's `children`, which rebuilds
    the node); sites are sorted by position afterwards, so field order does not matter."""
    for name in _fields(type(node)):
        value = getattr(node, name)
        if isinstance(value, cst.CSTNode):
            yield value
        elif isinstance(value, (list, tuple)):
            for item in value:
                if isinstance(item, cst.CSTNode):
                    yield item


class _Walk:
    def __init__(self, path: str, src: Source, mutators: tuple[Mutator, ...]):
        self.path = path
        self.src = src
        self.by_type: dict[type, list[Mutator]] = {}
        for mutator in mutators:
            for node_type in mutator.applies_to:
                self.by_type.setdefault(node_type, []).append(mutator)
        self.sites: list[Mutation] = []

    def scope(self, body: cst.CSTNode, prefix: str) -> None:
        """Module or class level: only functions are walked."""
        for stmt in getattr(body, "body", ()):
            if isinstance(stmt, cst.FunctionDef):
                self.function(stmt, prefix)
            elif isinstance(stmt, cst.ClassDef):
                self.scope(stmt.body, f"{prefix}{stmt.name.value}.")

    def function(self, node: cst.FunctionDef, prefix: str) -> None:
        outer = self.src.func
        self.src.func = f"{prefix}{node.name.value}"
        self.visit(node)  # the signature's kinds (defaults) apply to the FunctionDef itself
        self.src.ancestors.append(node)
        self.node(node.body)
        self.src.ancestors.pop()
        self.src.func = outer

    def visit(self, node: cst.CSTNode) -> None:
        for mutator in self.by_type.get(type(node), ()):
            for found in mutator.rewrites(node, self.src):
                if found.edits:
                    self.sites.append(Mutation(mutator.name, self.path, self.src.func,
                                               found.edits, found.category))

    def node(self, node: cst.CSTNode) -> None:
        if isinstance(node, cst.FunctionDef):
            self.function(node, f"{self.src.func}.")
            return
        if isinstance(node, _SKIP):
            return
        self.visit(node)
        self.src.ancestors.append(node)
        for child in _children(node):
            self.node(child)
        self.src.ancestors.pop()


def _find(path: str, text: str, mutators: tuple[Mutator, ...]) -> tuple[Mutation, ...]:
    try:
        wrapper = MetadataWrapper(cst.parse_module(text), unsafe_skip_copy=True)
        spans = wrapper.resolve(ByteSpanPositionProvider)
    except (cst.ParserSyntaxError, SyntaxError, ValueError, RecursionError):
        return ()
    walk = _Walk(path, Source(text, spans), mutators)
    walk.scope(wrapper.module, "")
    order = {m.name: i for i, m in enumerate(mutators)}
    # Source order: by the first edit's offset, then the table's order of kinds (a stable sort,
    # so one kind's rewrites of one node keep the order the kind yields them in).
    return tuple(sorted(walk.sites, key=lambda s: (min(e[0] for e in s.edits), order[s.kind])))


@lru_cache(maxsize=512)
def _all_sites(path: str, text: str) -> tuple[Mutation, ...]:
    return _find(path, text, MUTATORS)


def find_sites(path: str, text: str, lines: frozenset[int] | None = None,
               kinds: frozenset[str] | None = None) -> tuple[Mutation, ...]:
    """Every mutation site of a Python file (inside function bodies), in a stable order.

    `lines`: keep only sites every non-blank line of which is one of these (1-based), e.g. the
    lines a pull request adds or changes. `kinds`: keep only these kinds.
    """
    sites = _all_sites(path, text)
    if kinds is not None:
        sites = tuple(s for s in sites if s.kind in kinds)
    if lines is not None:
        sites = tuple(s for s in sites if (t := s.touched_lines(text)) and t <= lines)
    return sites
