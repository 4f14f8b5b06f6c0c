"""A minimal router: patterns like `/files/<name>` where a parameter is one path segment."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlsplit

from .http import BadRequest, Response, text
from .security import check_request_path

Handler = Callable[..., Response]


class Router:
    def __init__(self) -> None:
        self._routes: list[tuple[list[str], Handler]] = []

    def add(self, pattern: str, handler: Handler) -> None:
        self._routes.append((pattern.strip("/").split("/"), handler))

    @staticmethod
    def _match(pattern: list[str], segments: list[str]) -> dict[str, str] | None:
        if len(pattern) != len(segments):
            return None
        params: dict[str, str] = {}
        for expected, actual in zip(pattern, segments, strict=True):
            if expected.startswith("<") and expected.endswith(">"):
                if not actual:
                    return None
                params[expected[1:-1]] = actual
            elif expected != actual:
                return None
        return params

    def dispatch(self, target: str) -> Response:
        """Route a request target (path and optional query string) to its handler."""
        path = urlsplit(target).path
        try:
            check_request_path(path)
        except BadRequest as exc:
            return text(400, str(exc))
        segments = path.strip("/").split("/")
        for pattern, handler in self._routes:
            params = self._match(pattern, segments)
            if params is not None:
                return handler(**params)
        return text(404, "no such route")
