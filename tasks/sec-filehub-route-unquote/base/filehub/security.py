"""Request checks applied to every request before routing."""

from __future__ import annotations

from .http import BadRequest

MAX_PATH_LENGTH = 2048


def check_request_path(path: str) -> None:
    """Refuse paths that try to leave the routed namespace.

    Relative segments (`.`, `..`), backslashes, NUL bytes and over-long paths are rejected
    outright, whatever the route, so that no handler has to think about them.
    """
    if len(path) > MAX_PATH_LENGTH:
        raise BadRequest("path too long")
    if "\\" in path or "\x00" in path:
        raise BadRequest("invalid character in path")
    if any(segment in {".", ".."} for segment in path.split("/")):
        raise BadRequest("relative path segment")
