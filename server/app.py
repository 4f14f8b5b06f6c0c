"""Transport: the OpenEnv app serving PythonEnvironment over HTTP and WebSocket.

Multi-step episodes need the WebSocket (`/ws`, one environment per connection): OpenEnv's HTTP
`/reset` and `/step` build a fresh environment per request.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os

from openenv.core.env_server.http_server import create_app
from openenv.core.env_server.types import ConcurrencyConfig

from ..models import PythonAction, PythonObservation, PythonState, ResetOptions
from .keepalive import keep_running_steps_alive
from .leftovers import sweep_stale
from .python_env_environment import PythonEnvironment
from .transport import MAX_MESSAGE_BYTES, guard
from .workbench import mount_workbench

log = logging.getLogger(__name__)

MAX_CONCURRENT_ENVS = int(os.environ.get("PYTHON_ENV_MAX_CONCURRENT_ENVS", "64"))
SESSION_TIMEOUT_S = float(os.environ.get("PYTHON_ENV_SESSION_TIMEOUT_S", "300"))
# Hard cap on one WebSocket message (uvicorn closes the connection with 1009 beyond it); the
# action model refuses smaller over-size fields itself.
WS_MAX_MESSAGE_BYTES = MAX_MESSAGE_BYTES


def build_app(
    max_concurrent_envs: int = MAX_CONCURRENT_ENVS, session_timeout: float = SESSION_TIMEOUT_S,
    warm: bool = True,
):
    """The ASGI app. A ConcurrencyConfig with a timeout is what starts OpenEnv's idle reaper.

    At start-up it removes the directories of dead server processes (leftovers.py) and, with
    `warm`, loads the task bank and the sandbox before taking connections.

    With ENABLE_WEB_INTERFACE=true, OpenEnv also serves its web UI at /web, with our Review tab.
    """
    from .web import build_review_tab

    app = create_app(
        PythonEnvironment,
        PythonAction,
        PythonObservation,
        env_name="python_env",
        state_cls=PythonState,
        gradio_builder=build_review_tab,
        custom_tab_name="Review",
        custom_tab_primary=True,
        concurrency_config=ConcurrencyConfig(
            max_concurrent_envs=max_concurrent_envs, session_timeout=session_timeout
        ),
    )
    mount_workbench(app)  # /review: the review workbench, one WebSocket session per tab
    keep_running_steps_alive(app)
    app.router.on_startup.append(_start_up if warm else _sweep)
    # Malformed input is answered before OpenEnv's handlers see it (see transport.py).
    return guard(app, reset_model=ResetOptions, client_models=(PythonAction,))


def warm_up() -> None:
    """Load what every first reset needs, before the server accepts connections: the task bank
    and the sandbox (backend probe, runner). The loads are also guarded (see once.py); warming
    takes their cost off the first clients."""
    from .sandbox import SandboxUnavailable, runner_code, shared_sandbox, system_python
    from .tasks.loader import get_bank

    get_bank()
    try:
        shared_sandbox()
        runner_code(system_python())
    except SandboxUnavailable as exc:  # jobs will say so; serving the rest still works
        log.warning("no sandbox: %s", exc)


async def _sweep() -> None:
    await asyncio.to_thread(sweep_stale)


async def _start_up() -> None:
    await _sweep()
    await asyncio.to_thread(warm_up)


app = build_app()


def main(argv: list[str] | None = None) -> None:
    import uvicorn

    parser = argparse.ArgumentParser(description="Serve the python_env environment.")
    parser.add_argument("--host", default=os.environ.get("HOST", "0.0.0.0"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
    args = parser.parse_args(argv)
    uvicorn.run(app, host=args.host, port=args.port, ws_max_size=WS_MAX_MESSAGE_BYTES)


if __name__ == "__main__":
    main()
