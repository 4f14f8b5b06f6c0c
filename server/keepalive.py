"""The idle timeout counts from the end of a session's last step, not from its start.

OpenEnv's reaper destroys a session whose `last_activity_at` is older than the timeout, and the
WebSocket handler updates that time only once a step has returned. A step that outlives the
timeout (a slow `run_tests`, a submit that waits for sandbox slots) therefore looks idle while it
runs: the reaper picks it and its `close()` runs right after the step, ending a live episode.

`keep_running_steps_alive` wraps the OpenEnv server's `_run_in_session_executor` (through which
every WebSocket reset and step runs) so that the session's activity time is refreshed while the
call runs and once more when it ends. OpenEnv's server object is not exposed by `create_app`; it
is found through the reaper hook that `register_routes` adds to the app, and a missing or changed
hook fails loudly at start-up rather than silently bringing the bug back.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from fastapi import FastAPI
from openenv.core.env_server.http_server import HTTPEnvServer


def env_server(app: FastAPI) -> HTTPEnvServer:
    """The OpenEnv server behind `app` (the object its reaper hook closes over)."""
    for hook in app.router.on_startup:
        for cell in getattr(hook, "__closure__", None) or ():
            if isinstance(cell.cell_contents, HTTPEnvServer):
                return cell.cell_contents
    raise RuntimeError("no OpenEnv server found behind the app (has openenv changed?)")


def keep_running_steps_alive(app: FastAPI) -> HTTPEnvServer:
    server = env_server(app)
    run_in_session = server._run_in_session_executor
    timeout = server._session_idle_timeout_s
    # Well within the timeout, so the reaper's re-check under its lock sees a recent time.
    interval = min(1.0, timeout / 4) if timeout else 1.0

    async def run_keeping_alive(session_id: str, func: Callable[..., Any], *args: Any,
                                **kwargs: Any) -> Any:
        call = asyncio.ensure_future(run_in_session(session_id, func, *args, **kwargs))
        try:
            while True:
                done, _ = await asyncio.wait({call}, timeout=interval)
                server._update_session_activity(session_id)
                if done:
                    return call.result()
        except asyncio.CancelledError:
            call.cancel()
            raise

    server._run_in_session_executor = run_keeping_alive  # type: ignore[method-assign]
    return server
