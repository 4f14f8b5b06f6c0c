"""TCP health checks for upstream servers."""

from __future__ import annotations

import socket


def check_tcp(host: str, port: int, *, timeout: float = 1.0) -> bool:
    """Whether a TCP connection to `host:port` can be opened within `timeout` seconds."""
    try:
        sock = socket.create_connection((host, port), timeout=timeout)
    except OSError:
        return False
    sock.close()
    return True
