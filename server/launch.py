"""Start the server in a subprocess on a free port and wait until it answers `/health`.

Used by the tests and benches that need a real server process (kill-and-restart, log capture,
several sandbox pools). Importing the app takes tens of seconds on a loaded 2-core machine, so
callers choose generous deadlines.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Callable
from typing import IO, Any


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


def start_server(env: dict[str, str] | None = None, python: str = sys.executable,
                 stdout: int | IO[Any] | None = subprocess.DEVNULL,
                 stderr: int | IO[Any] | None = subprocess.DEVNULL,
                 ) -> tuple[subprocess.Popen, str]:
    """`python -m python_env.server.app` on a free local port; returns the process and its URL."""
    port = free_port()
    proc = subprocess.Popen([python, "-m", "python_env.server.app", "--host", "127.0.0.1",
                             "--port", str(port)], env=env, stdout=stdout, stderr=stderr)
    return proc, f"http://127.0.0.1:{port}"


def wait_healthy(proc: subprocess.Popen, url: str, timeout_s: float,
                 describe: Callable[[], str] = lambda: "") -> None:
    """Poll `/health` until it answers 200; raise RuntimeError (with `describe()`, e.g. the
    server's log tail) when the process exits or the deadline passes."""
    import httpx

    deadline = time.monotonic() + timeout_s
    while True:
        try:
            if httpx.get(f"{url}/health", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        if proc.poll() is not None:
            raise RuntimeError(f"the server at {url} exited: {describe()}")
        if time.monotonic() > deadline:
            raise RuntimeError(f"the server at {url} did not start: {describe()}")
        time.sleep(0.1)


def stop_server(proc: subprocess.Popen, timeout_s: float = 15.0) -> None:
    """SIGTERM (the server shuts its sessions and sandbox down), then SIGKILL after `timeout_s`."""
    if proc.poll() is not None:
        return
    proc.terminate()
    try:
        proc.wait(timeout=timeout_s)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
