"""The HTTP transport seen by the billing client, and its failure modes."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    body: Mapping[str, Any] | None = None
    headers: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Response:
    status: int
    body: Mapping[str, Any] = field(default_factory=dict)


class TransportError(Exception):
    """The request did not produce a response."""


class ConnectError(TransportError):
    """No connection could be established: the request was never sent."""


class ReadTimeout(TransportError):
    """The request was sent but no response arrived in time."""


class Transport(Protocol):
    def send(self, request: Request) -> Response: ...
