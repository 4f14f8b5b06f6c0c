"""`ast.parse` and `compile` of a syntax tree for code that runs in threads: one lock around each.

CPython 3.11 counts the depth of the syntax tree it is converting in per-interpreter state, and
two threads converting at once interleave that count: `ast.parse` then raises `SystemError: AST
constructor recursion depth mismatch`. `compile(tree)` converts the other way with the same
counter. Sessions run in threads (one per WebSocket, a pool for HTTP), so every parse and tree
compile in this package goes through this module (tests that parse from threads too), and so
does bandit's (analysis.py hands bandit an `ast` whose `parse` is this one).
"""

from __future__ import annotations

import ast
import threading
from types import CodeType

ast_lock = threading.Lock()


def parse(source: str | bytes, filename: str = "<unknown>", mode: str = "exec") -> ast.Module:
    with ast_lock:
        return ast.parse(source, filename, mode)  # type: ignore[return-value]


def compile_tree(tree: ast.AST, filename: str, mode: str = "exec") -> CodeType:
    """`compile` of a syntax tree (a string compiles without Python AST objects: no lock)."""
    with ast_lock:
        return compile(tree, filename, mode, dont_inherit=True)
