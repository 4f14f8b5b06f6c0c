"""Serving files below a static root directory (CSS, JS, fonts, images)."""

from __future__ import annotations

import mimetypes
import os
from dataclasses import dataclass, field
from pathlib import PurePosixPath


class AssetNotFound(LookupError):
    """No servable file for this name (missing, a directory, or outside the root)."""


@dataclass(frozen=True)
class Response:
    status: int
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)


class StaticFiles:
    def __init__(self, root: str | os.PathLike[str], max_age: int = 3600) -> None:
        self.root = os.path.realpath(root)
        self.max_age = max_age

    def _resolve(self, name: str) -> str:
        parts = PurePosixPath(name).parts
        if not parts or parts[0] == "/" or ".." in parts:
            raise AssetNotFound(name)
        path = os.path.join(self.root, *parts)
        if not os.path.isfile(path):
            raise AssetNotFound(name)
        return path

    def get(self, name: str) -> Response:
        """Serve `name` (a path relative to the root, as it appears in the URL)."""
        try:
            path = self._resolve(name)
        except AssetNotFound:
            return Response(404, b"not found", {"Content-Type": "text/plain"})
        with open(path, "rb") as fh:
            body = fh.read()
        content_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
        return Response(200, body, {
            "Content-Type": content_type,
            "Content-Length": str(len(body)),
            "Cache-Control": f"public, max-age={self.max_age}",
        })
