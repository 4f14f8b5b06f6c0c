"""Server-side syntax highlighting with Pygments, one HTML string per source line.

Tokens are split at newlines so that a multi-line string still yields exactly one entry per line
of the file: entry i is line i + 1, which is how the page shows the file's real line numbers.
"""

from __future__ import annotations

from functools import lru_cache
from html import escape

from pygments.formatters import HtmlFormatter
from pygments.lexer import Lexer
from pygments.lexers import TextLexer, get_lexer_for_filename
from pygments.token import STANDARD_TYPES, _TokenType
from pygments.util import ClassNotFound

from ..tasks.model import line_count

CSS_SCOPE = ".hl"


def _lexer(path: str) -> Lexer:
    options = {"stripnl": False, "ensurenl": False, "tabsize": 0}
    try:
        return get_lexer_for_filename(path, **options)
    except ClassNotFound:
        return TextLexer(**options)


@lru_cache(maxsize=256)
def _css_class(ttype: _TokenType) -> str:
    while ttype not in STANDARD_TYPES:
        ttype = ttype.parent
    return STANDARD_TYPES[ttype]


def highlight_lines(path: str, text: str) -> list[str]:
    """HTML for each line of `text` (escaped; spans carry Pygments' short class names)."""
    count = line_count(text)
    lines: list[list[str]] = [[]]
    for ttype, value in _lexer(path).get_tokens(text):
        css = _css_class(ttype)
        for i, piece in enumerate(value.split("\n")):
            if i:
                lines.append([])
            if piece:
                safe = escape(piece, quote=False)
                lines[-1].append(f'<span class="{css}">{safe}</span>' if css else safe)
    return ["".join(parts) for parts in lines[:count]] + [""] * (count - len(lines))


@lru_cache(maxsize=1)
def stylesheet() -> str:
    """Pygments' own rules for its default style, scoped to the page's code cells."""
    return HtmlFormatter(style="default").get_style_defs(CSS_SCOPE)
