"""The request context: who is calling, for which tenant.

The web middleware authenticates the request and runs the handler inside `use_context(...)`;
code below the handlers reads the caller with `current_context()` instead of threading it
through every call.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field


class PermissionDenied(Exception):
    pass


@dataclass(frozen=True)
class RequestContext:
    user_id: int
    tenant_id: int
    roles: frozenset[str] = field(default_factory=frozenset)


_current: ContextVar[RequestContext] = ContextVar("request_context")


def current_context() -> RequestContext:
    try:
        return _current.get()
    except LookupError:
        raise RuntimeError("no request context: call inside use_context()") from None


@contextlib.contextmanager
def use_context(ctx: RequestContext) -> Iterator[RequestContext]:
    token = _current.set(ctx)
    try:
        yield ctx
    finally:
        _current.reset(token)


def require_role(role: str) -> RequestContext:
    ctx = current_context()
    if role not in ctx.roles:
        raise PermissionDenied(f"user {ctx.user_id} needs the {role!r} role")
    return ctx
