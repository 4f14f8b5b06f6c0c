"""Serving files below a static root directory (CSS, JS, fonts, images)."""

from __future__ import annotations

import hashlib
import mimetypes
import os
from dataclasses import dataclass, field


class AssetNotFound(LookupError):
    """No servable file for this name (missing, a directory, or outside the root)."""


@dataclass(frozen=True)
class Response:
    status: int
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)


def _etag(body: bytes) -> str:
    return '"' + hashlib.sha256(body).hexdigest()[:32] + '"'


class StaticFiles:
    def __init__(self, root: str | os.PathLike[str], max_age: int = 3600) -> None:
        self.root = os.path.realpath(root)
        self.max_age = max_age

    def _resolve(self, name: str) -> str:
        # Canonicalise first (this also resolves symlinks), then require the result to lie
        # under the root: unlike looking for ".." segments, this cannot be fooled by a
        # symlink inside the static directory that points elsewhere.
        path = os.path.realpath(os.path.join(self.root, name.lstrip("/")))
        if os.path.commonpath([path, self.root]) != self.root:
            raise AssetNotFound(name)
        if not os.path.isfile(path):
            raise AssetNotFound(name)
        return path

    def get(self, name: str, if_none_match: str | None = None) -> Response:
        """Serve `name` (a path relative to the root, as it appears in the URL).

        `if_none_match` is the request's If-None-Match header; when it matches the current
        ETag the response is a bodiless 304.
        """
        try:
            path = self._resolve(name)
        except AssetNotFound:
            return Response(404, b"not found", {"Content-Type": "text/plain"})
        with open(path, "rb") as fh:
            body = fh.read()
        etag = _etag(body)
        cache = {"ETag": etag, "Cache-Control": f"public, max-age={self.max_age}"}
        if if_none_match is not None and etag in {t.strip() for t in if_none_match.split(",")}:
            return Response(304, b"", cache)
        content_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
        return Response(200, body, {
            "Content-Type": content_type,
            "Content-Length": str(len(body)),
            **cache,
        })
