"""Scale-out on Ray: environment servers as Ray actors, episodes spread over them.

Each `EnvServer` actor runs the python_env app with uvicorn (in a thread of the actor's process)
on a free port of its node, listening on every interface, and reports its URL
(`http://<node ip>:<port>`). `ray_servers(n)` places n of them with Ray's SPREAD strategy (one per
node while there are nodes to spare) and yields their URLs; the rollout API then spreads the
episodes over them (`run_episodes(urls, ...)`: each episode goes to the server with the fewest in
flight), from the driver, so a policy that lives in the driver (a model being trained) needs no
shipping.

Sandboxes: each actor's sandbox runs its jobs as uids BASE + slot, and a job's clean-up kills
every process of its uid; actor i therefore takes the base `PYTHON_ENV_SANDBOX_BASE_UID + 64 *
(i + 1)`, so two actors on one node never share a uid. Other `PYTHON_ENV_*` variables of the
driver are passed to the actors.

Needs the optional `ray` dependency group (`uv sync --group ray`).
"""

from __future__ import annotations

import contextlib
import os
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

# Under `uv run`, Ray would start its workers with `uv run` again (re-syncing the environment,
# from the driver's working directory); the driver's interpreter already has everything the actors
# need. Read when ray is first imported: a driver that imports ray earlier sets it itself.
os.environ.setdefault("RAY_ENABLE_UV_RUN_RUNTIME_ENV", "0")

import ray

UID_STRIDE = 64  # sandbox uids reserved per actor (its sandbox uses one per CPU of its node)


@ray.remote
class EnvServer:
    """A python_env server in a Ray actor."""

    def __init__(self, sandbox_base_uid: int | None = None):
        if sandbox_base_uid is not None:  # before the sandbox module reads it
            os.environ["PYTHON_ENV_SANDBOX_BASE_UID"] = str(sandbox_base_uid)
        self._server: Any = None
        self._thread: threading.Thread | None = None
        self.url: str | None = None

    def start(self, timeout_s: float = 60.0) -> str:
        """Start serving on a free port; returns the URL other nodes reach it at."""
        import uvicorn

        from python_env.server.app import WS_MAX_MESSAGE_BYTES, app

        class ThreadedServer(uvicorn.Server):
            def install_signal_handlers(self) -> None:  # not the main thread
                pass

        sock = socket.socket()
        sock.bind(("0.0.0.0", 0))
        port = sock.getsockname()[1]
        self._server = ThreadedServer(
            uvicorn.Config(app, log_level="warning", ws_max_size=WS_MAX_MESSAGE_BYTES))
        self._thread = threading.Thread(target=self._server.run, kwargs={"sockets": [sock]},
                                        daemon=True, name="python-env-server")
        self._thread.start()
        deadline = time.monotonic() + timeout_s
        while not self._server.started:
            if time.monotonic() > deadline or not self._thread.is_alive():
                raise RuntimeError("the server did not start")
            time.sleep(0.02)
        self.url = f"http://{ray.util.get_node_ip_address()}:{port}"
        return self.url

    def node_id(self) -> str:
        return ray.get_runtime_context().get_node_id()

    def stop(self) -> None:
        if self._server is not None:
            self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout=10)


@contextmanager
def ray_servers(count: int = 2, *, address: str | None = None, num_cpus: float = 1.0,
                init_kwargs: dict[str, Any] | None = None, start_timeout_s: float = 120.0
                ) -> Iterator[list[str]]:
    """`count` environment servers as Ray actors; yields their URLs, stops them on exit.

    Connects to Ray if it is not yet (`address`, e.g. "auto" for a running cluster; None starts a
    local one), and shuts down only a Ray it started itself. `num_cpus` is what each actor
    reserves for scheduling.
    """
    started = not ray.is_initialized()
    if started:
        ray.init(address=address, **(init_kwargs or {}))
    base = int(os.environ.get("PYTHON_ENV_SANDBOX_BASE_UID", "61000"))
    env = {k: v for k, v in os.environ.items() if k.startswith("PYTHON_ENV_")}
    actors = [
        EnvServer.options(  # type: ignore[attr-defined]
            num_cpus=num_cpus, scheduling_strategy="SPREAD",
            runtime_env={"env_vars": env} if env else None,
        ).remote(base + UID_STRIDE * (i + 1))
        for i in range(count)
    ]
    try:
        urls = ray.get([a.start.remote() for a in actors], timeout=start_timeout_s)
        yield urls
    finally:
        with contextlib.suppress(Exception):  # an actor that died has nothing to stop
            ray.get([a.stop.remote() for a in actors], timeout=30)
        for actor in actors:
            ray.kill(actor)
        if started:
            ray.shutdown()
