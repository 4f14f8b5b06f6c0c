"""HTTP handlers for listing and downloading shared files."""

from __future__ import annotations

import json
from urllib.parse import quote

from .http import Response, text
from .router import Router
from .storage import Storage


def _disposition(name: str) -> str:
    """`attachment` with an ASCII fallback name and the exact UTF-8 name (RFC 6266/5987)."""
    fallback = "".join(c if " " <= c <= "~" and c not in '"\\' else "_" for c in name)
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"


def make_app(storage: Storage) -> Router:
    app = Router()

    def list_files() -> Response:
        body = json.dumps({"files": storage.names()}).encode()
        return Response(200, body, {"Content-Type": "application/json"})

    def download(name: str) -> Response:
        try:
            data = storage.read(name)
        except (FileNotFoundError, IsADirectoryError):
            return text(404, "no such file")
        return Response(200, data, {
            "Content-Type": "application/octet-stream",
            "Content-Disposition": _disposition(name),
        })

    app.add("/files", list_files)
    app.add("/files/<name>", download)
    return app
