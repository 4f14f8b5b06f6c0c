"""Serving a local checkout (or the Space's git URL) with `uv run`, for `PythonEnv.from_env`.

OpenEnv's UVProvider runs `uv run --isolated --project PATH -- uvicorn APP` from the caller's
working directory, with `server.app:app` unless told otherwise, and waits 60 s for `/health`.
Here: the app is the one `openenv.yaml` declares (`python_env.server.app:app`, importable from
any directory once uv has installed the project: the repository root is the package, whose
modules import each other relatively, so `server.app` cannot be imported on its own); the wait is
long enough for a cold start (uv builds an isolated environment, and importing the server pulls
in OpenEnv's web UI); and a server that dies while starting is reported at once with its exit
code, instead of after the whole wait.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import requests
from openenv.core.containers.runtime.uv_provider import UVProvider

APP = "python_env.server.app:app"
STARTUP_TIMEOUT_S = 300.0


def declared_app(project_path: str | None) -> str:
    """The `app:` of the project's openenv.yaml, or ours when it cannot be read (a git URL)."""
    if project_path and not project_path.startswith("git+"):
        manifest = Path(project_path) / "openenv.yaml"
        if manifest.is_file():
            found = re.search(r"^app:\s*(\S+)\s*$", manifest.read_text(), re.M)
            if found:
                return found.group(1)
    return APP


class ProjectUVProvider(UVProvider):
    """UVProvider with the declared app, a cold-start timeout, and fail-fast readiness."""

    def __init__(self, *, project_path: str, app: str | None = None,
                 context_timeout_s: float = STARTUP_TIMEOUT_S, **kwargs) -> None:
        super().__init__(project_path=project_path, app=app or declared_app(project_path),
                         context_timeout_s=context_timeout_s, **kwargs)

    def wait_for_ready(self, timeout_s: float | None = None) -> None:
        deadline = time.monotonic() + (self.context_timeout_s if timeout_s is None else timeout_s)
        while time.monotonic() < deadline:
            if self._process is not None and self._process.poll() is not None:
                raise RuntimeError(f"the server ({self.app}) exited with code "
                                   f"{self._process.returncode} while starting")
            try:
                if requests.get(f"{self._base_url}/health", timeout=2.0).status_code == 200:
                    return
            except requests.RequestException:
                pass  # not listening yet
            time.sleep(0.5)
        raise TimeoutError(f"the server ({self.app}) was not ready within "
                           f"{self.context_timeout_s if timeout_s is None else timeout_s:.0f} s")
