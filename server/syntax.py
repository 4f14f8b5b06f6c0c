"""`ast.parse` for code that runs in threads: one lock around every parse.

CPython 3.11 counts the depth of the syntax tree it is converting in per-interpreter state, and
two threads converting at once interleave that count: `ast.parse` then raises `SystemError: AST
constructor recursion depth mismatch`. Sessions run in threads (one per WebSocket, a pool for
HTTP), so every parse in this package goes through `parse` (tests that parse from threads too).
"""

from __future__ import annotations

import ast
import threading

_lock = threading.Lock()


def parse(source: str | bytes, filename: str = "<unknown>", mode: str = "exec") -> ast.Module:
    with _lock:
        return ast.parse(source, filename, mode)  # type: ignore[return-value]
