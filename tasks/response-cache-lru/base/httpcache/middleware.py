"""Gateway middleware: serve GET responses from the cache, revalidating with ETags."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from http import HTTPStatus

from .store import CachedResponse, ResponseCache


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    headers: Mapping[str, str] = field(default_factory=dict)


Upstream = Callable[[Request], CachedResponse]


def cache_key(request: Request) -> str:
    return f"{request.method} {request.path} lang={request.headers.get('Accept-Language', '')}"


class CachingMiddleware:
    """Answer GETs from `cache`; ask `upstream` with If-None-Match when a copy exists."""

    def __init__(self, upstream: Upstream, cache: ResponseCache) -> None:
        self._upstream = upstream
        self._cache = cache

    def handle(self, request: Request) -> CachedResponse:
        if request.method != "GET":
            return self._upstream(request)
        key = cache_key(request)
        cached = self._cache.get(key)
        headers = dict(request.headers)
        if cached is not None and cached.etag:
            headers["If-None-Match"] = cached.etag
        response = self._upstream(Request(request.method, request.path, headers))
        if response.status == HTTPStatus.NOT_MODIFIED and cached is not None:
            self._cache.put(key, cached)  # refresh: the copy is still valid
            return cached
        if response.status == HTTPStatus.OK:
            self._cache.put(key, response)
        return response
