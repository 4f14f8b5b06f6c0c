"""from_env's provider: the app openenv.yaml declares imports from anywhere, and a server that
dies while starting is reported at once (the whole start-up is tested by test_readme.py)."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from python_env.project_provider import APP, ProjectUVProvider, declared_app

ROOT = Path(__file__).resolve().parents[1]


def test_the_declared_app_imports_outside_the_checkout(tmp_path):
    assert declared_app(str(ROOT)) == APP
    module, attribute = APP.split(":")
    done = subprocess.run([sys.executable, "-c", f"import {module} as m; print(type(m.{attribute}).__name__)"],
                          cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert done.stdout.strip() == "FastAPI", done.stderr[-2000:]


def test_a_server_that_exits_while_starting_is_reported_at_once(tmp_path):
    provider = ProjectUVProvider(project_path=str(tmp_path), app="nowhere:app")
    provider._process = subprocess.Popen([sys.executable, "-c", "raise SystemExit(3)"])
    provider._base_url = "http://127.0.0.1:9"
    started = time.monotonic()
    with pytest.raises(RuntimeError, match="exited with code 3"):
        provider.wait_for_ready(timeout_s=120)
    assert time.monotonic() - started < 60
    assert provider.context_timeout_s == 300
