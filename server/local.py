"""The environment served in this process: uvicorn in a daemon thread on a free port.

`python-env eval`, `python-env replay` and inference.py play against it when no `--url` is given,
and the tests serve the app (or one built with other settings) the same way. For a server in its
own process see launch.py.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any


@contextmanager
def local_server(app: Any = None, timeout_s: float = 30.0) -> Iterator[str]:
    """Serve `app` (default: the environment's app) until the block ends; yields its URL.
    RuntimeError when it has not started within `timeout_s`."""
    import uvicorn

    from .app import WS_MAX_MESSAGE_BYTES

    if app is None:
        from .app import app

    class ThreadedServer(uvicorn.Server):
        def install_signal_handlers(self) -> None:  # signals go to the main thread only
            pass

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = ThreadedServer(
        uvicorn.Config(app, log_level="warning", ws_max_size=WS_MAX_MESSAGE_BYTES))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True,
                              name="python-env-server")
    thread.start()
    try:
        deadline = time.monotonic() + timeout_s
        while not server.started:
            if time.monotonic() > deadline or not thread.is_alive():
                raise RuntimeError("the in-process server did not start")
            time.sleep(0.02)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()
