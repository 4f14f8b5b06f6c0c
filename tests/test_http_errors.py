"""HTTP `/reset` and `/step` answer a client's mistakes with 4xx and the WebSocket's words."""

from __future__ import annotations

import json

import httpx
import pytest
from websockets.sync.client import connect

from python_env.server.transport import MAX_JSON_DEPTH, MAX_MESSAGE_BYTES

from .conftest import EXAMPLE_TASK

# (reset options, words the error must contain)
BAD_RESETS = [
    ({"foo": 1}, "unknown reset option(s): foo; accepted: seed, episode_id"),
    ({"self": 1, "func": 2}, "unknown reset option(s): func, self"),
    ({"split": "nope"}, "unknown split 'nope'"),
    ({"split": 3}, "valid string"),
    ({"split": "train", "index": 10**6}, "out of range"),
    ({"split": "train", "index": -1}, "greater than or equal to 0"),
    ({"split": "train", "index": True}, "valid integer"),
    ({"split": "train", "index": "0"}, "valid integer"),
    ({"split": "generated", "index": 2**40}, "generated split must be below"),
    ({"task_id": "no-such-task"}, "unknown task_id 'no-such-task'"),
    ({"task_id": 7}, "valid string"),
    ({"task_id": EXAMPLE_TASK, "index": 0}, "not both"),
    ({"seed": "x"}, "valid integer"),
    ({"episode_id": "x" * 300}, "at most 255 characters"),
]


def _messages(errors: list[dict]) -> str:
    return " | ".join(str(e.get("msg")) for e in errors)


@pytest.mark.parametrize(("options", "words"), BAD_RESETS, ids=[json.dumps(o)[:40]
                                                                for o, _ in BAD_RESETS])
def test_bad_reset_is_422_with_the_websocket_message(server_url, options, words):
    response = httpx.post(f"{server_url}/reset", json=options, timeout=60)
    assert response.status_code == 422, response.text
    http_words = _messages(response.json()["detail"])
    assert words in http_words
    assert "not supported between" not in http_words
    with connect(server_url.replace("http", "ws", 1) + "/ws") as ws:
        ws.send(json.dumps({"type": "reset", "data": options}))
        reply = json.loads(ws.recv(timeout=60))
        assert reply["type"] == "error" and reply["data"]["code"] == "VALIDATION_ERROR"
        assert words in _messages(reply["data"]["errors"])


def test_good_reset_still_works_over_http(server_url):
    response = httpx.post(f"{server_url}/reset", json={"task_id": EXAMPLE_TASK}, timeout=60)
    assert response.status_code == 200
    assert response.json()["observation"]["task_id"] == EXAMPLE_TASK


@pytest.mark.parametrize(("body", "words"), [
    ('{"episode_id": "a\\ud800"}', "lone surrogate"),
    ('{"\\ud800": 1}', "lone surrogate"),
    ('{"episode_id": ' + "[" * (MAX_JSON_DEPTH + 5) + "]" * (MAX_JSON_DEPTH + 5) + "}",
     "nested deeper"),
    ("[" * 5000 + "]" * 5000, "nested deeper"),
    ('{"seed": NaN}', "not a JSON number"),
    ('{"seed": ' + "9" * 5000 + "}", "too long"),
])
def test_malformed_body_is_422(server_url, body, words):
    response = httpx.post(f"{server_url}/reset", content=body.encode(), timeout=60,
                          headers={"content-type": "application/json"})
    assert response.status_code == 422, response.text
    assert words in _messages(response.json()["detail"])


@pytest.mark.parametrize("body", ["[]", '"x"', "1", "null", "{", ""])
def test_non_object_body_is_4xx(server_url, body):
    for route in ("/reset", "/step"):
        response = httpx.post(f"{server_url}{route}", content=body.encode(), timeout=60,
                              headers={"content-type": "application/json"})
        assert 400 <= response.status_code < 500 or (route == "/reset" and body == ""
                                                     and response.status_code == 200)


def test_oversize_body_is_413(server_url):
    body = json.dumps({"episode_id": "x" * MAX_MESSAGE_BYTES})
    response = httpx.post(f"{server_url}/reset", content=body.encode(), timeout=60,
                          headers={"content-type": "application/json"})
    assert response.status_code == 413


@pytest.mark.parametrize(("action", "words"), [
    ({"action_type": "read_file", "path": "a.py", "start_line": 5, "end_line": 2},
     "end_line (2) is before start_line (5)"),
    ({"action_type": "read_file", "path": "a.py", "start_line": True}, "valid integer"),
    ({"action_type": "remove_finding", "finding_id": "1"}, "valid integer"),
    ({"action_type": "read_file", "path": "a\ud800"}, "lone surrogate"),
    ({"action_type": "fly"}, "Input should be"),
])
def test_bad_step_is_422_with_the_websocket_message(server_url, action, words):
    body = json.dumps({"action": action})  # ensure_ascii: surrogates go as \ud800 escapes
    response = httpx.post(f"{server_url}/step", content=body.encode(), timeout=60,
                          headers={"content-type": "application/json"})
    assert response.status_code == 422, response.text
    assert words in _messages(response.json()["detail"])
    with connect(server_url.replace("http", "ws", 1) + "/ws") as ws:
        ws.send(json.dumps({"type": "reset", "data": {"task_id": EXAMPLE_TASK}}))
        ws.recv(timeout=60)
        ws.send(json.dumps({"type": "step", "data": action}))
        reply = json.loads(ws.recv(timeout=60))
        assert reply["type"] == "error"
        assert words in _messages(reply["data"]["errors"])


def test_extra_step_fields_do_not_reach_openenv_internals(server_url):
    body = {"action": {"action_type": "read_file", "path": "a.py"}, "self": 1, "func": 2,
            "session_id": 3}
    response = httpx.post(f"{server_url}/step", json=body, timeout=60)
    assert response.status_code == 200, response.text
    # a fresh HTTP environment has no episode: the action is refused in the observation
    assert "reset" in response.json()["observation"]["last_action_error"]


def test_readme_limits_are_the_enforced_ones():
    from pathlib import Path

    from python_env import models
    from python_env.server import workspace

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text()
    section = readme.split("## Limits and errors", 1)[1].split("\n## ", 1)[0]
    for number in (MAX_MESSAGE_BYTES, MAX_JSON_DEPTH, models.MAX_PATH_CHARS,
                   workspace.MAX_NAME_BYTES, models.MAX_PATTERN_CHARS, models.MAX_TEXT_CHARS,
                   models.MAX_WITNESS_CHARS, models.MAX_PATCH_CHARS, models.MAX_EPISODE_ID_CHARS,
                   models.MAX_SPLIT_CHARS):
        assert f"{number:,}" in section or f" {number} " in section, number
    title = models.Finding.model_fields["title"].metadata
    assert any(getattr(m, "max_length", None) == 200 for m in title)


def test_only_the_clients_models_make_a_422():
    """A ValidationError of the server's own models is its bug: a 500, not the client's 422."""
    from fastapi import FastAPI
    from fastapi.testclient import TestClient
    from pydantic import BaseModel

    from python_env.models import ResetOptions
    from python_env.server.transport import guard

    class Internal(BaseModel):
        n: int

    app = FastAPI()

    @app.post("/internal")
    def internal() -> None:
        Internal.model_validate({"n": "x"})

    @app.post("/client")
    def client() -> None:
        ResetOptions.model_validate({"index": "x"})

    guard(app, reset_model=ResetOptions)
    http = TestClient(app, raise_server_exceptions=False)
    assert http.post("/internal", json={}).status_code == 500
    assert http.post("/client", json={}).status_code == 422
