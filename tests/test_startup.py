"""Entry points import only what they use: the client without OpenEnv's server side, and the
deferral of OpenEnv's packages (defer_openenv.py) invisible to code that wants the server."""

from __future__ import annotations

import json
import subprocess
import sys

SERVER_SIDE = ("gradio", "fastapi", "uvicorn", "fastmcp", "pandas",
               "openenv.core.env_server.http_server", "python_env.server", "python_env.server.app")


def _python(code: str) -> dict:
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.splitlines()[-1])


def test_the_client_imports_without_the_server():
    seen = _python(
        "import json, sys\n"
        "from python_env import PythonEnv, PythonAction, check_env\n"
        f"print(json.dumps(sorted(m for m in {SERVER_SIDE!r} if m in sys.modules)))")
    assert seen == []


def test_openenv_packages_read_after_the_client_are_whole_and_serve_the_app():
    # After the client, OpenEnv's packages behave as if imported normally: names of their
    # `__init__` (server side included) resolve, are the very objects the client uses, and the
    # server app builds.
    seen = _python(
        "import json, sys\n"
        "from python_env.client import PythonEnv\n"
        "from python_env.models import PythonAction\n"
        "import openenv.core as core, openenv.core.env_server as server\n"
        "from openenv.core import EnvClient, create_app\n"
        "from openenv.core.env_server import *\n"
        "from python_env.server.app import app\n"
        "paths = {getattr(r, 'path', '') for r in app.routes}\n"
        "print(json.dumps({'base': PythonEnv.__mro__[1] is EnvClient,\n"
        "  'action': issubclass(PythonAction, server.Action),\n"
        "  'star': 'Environment' in dir() and callable(create_app),\n"
        "  'loader': type(server.__spec__.loader).__name__,\n"
        "  'routes': sorted(paths & {'/health', '/ws', '/schema'})}))")
    assert seen == {"base": True, "action": True, "star": True, "loader": "SourceFileLoader",
                    "routes": ["/health", "/schema", "/ws"]}
