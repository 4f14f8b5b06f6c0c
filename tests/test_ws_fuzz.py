"""A hostile client over the real server process: no dropped session, no traceback in its log."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from websockets.sync.client import connect

from .conftest import EXAMPLE_TASK, serve_process
from .ws_fuzz import cases, run_fuzz


@pytest.fixture(scope="module")
def logged_server(tmp_path_factory) -> Iterator[tuple[str, Path]]:
    log = tmp_path_factory.mktemp("server") / "server.log"
    with serve_process(log) as url:
        yield url, log


def _tracebacks(log: Path) -> list[str]:
    text = log.read_text()
    return [block[:600] for block in text.split("Traceback (most recent call last)")[1:]]


def test_corpus_covers_every_field_and_frame_kind():
    names = [case.name for case in cases("pkg/mod.py")]
    assert len(names) >= 153 and len(set(names)) == len(names)
    from python_env.action_table import ACTION_SPECS
    from python_env.models import Finding

    for kind, spec in ACTION_SPECS.items():
        for name in spec.fields - {"finding"}:
            assert any(n.startswith(f"{kind}.{name}=") for n in names), (kind, name)
    for name in Finding.model_fields:
        assert any(n.startswith(f"add_finding.finding.{name}=") for n in names), name
    for frame in ("binary frame", "top-level array", "top-level string", "top-level number",
                  "top-level null", "1000 nested lists"):
        assert frame in names


def test_fuzz_keeps_every_session_and_logs_no_traceback(logged_server):
    url, log = logged_server
    report = run_fuzz(url, EXAMPLE_TASK)
    assert report.cases >= 153
    assert report.dropped == []
    assert report.unrefused == []
    assert report.leaked == []
    assert report.broken_after == []
    assert _tracebacks(log) == []


def test_client_leaving_mid_step_logs_one_line(logged_server):
    url, log = logged_server
    before = log.read_text().count("client left before its answer")
    ws_url = url.replace("http", "ws", 1) + "/ws"
    # run_tests outlives the client's leaving; a fast read_file may or may not.
    steps = [{"action_type": "run_tests"}, {"action_type": "run_tests"},
             {"action_type": "read_file", "path": "shop/pagination.py"}]
    for action in steps:
        with connect(ws_url) as ws:
            ws.send(json.dumps({"type": "reset", "data": {"task_id": EXAMPLE_TASK}}))
            ws.recv(timeout=60)
            for _ in range(3):  # the client leaves with answers still owed
                ws.send(json.dumps({"type": "step", "data": action}))
    deadline = time.monotonic() + 60
    while log.read_text().count("client left before its answer") < before + 2:
        assert time.monotonic() < deadline, log.read_text()[-3000:]
        time.sleep(0.2)
    assert _tracebacks(log) == []
    assert "Exception in ASGI application" not in log.read_text()
    # and the server still serves a new session
    with connect(ws_url) as ws:
        ws.send(json.dumps({"type": "reset", "data": {"task_id": EXAMPLE_TASK}}))
        assert json.loads(ws.recv(timeout=60))["type"] == "observation"
