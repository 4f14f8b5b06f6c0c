"""Whole episodes over the real server and the typed client, through the WebSocket."""

from __future__ import annotations

import asyncio
import json

import httpx
import pytest
import websockets

from python_env import Finding, PythonAction, PythonEnv
from python_env.models import ACTION_TYPES, MAX_PATCH_CHARS

from .conftest import EXAMPLE_TASK


def test_schema_lists_the_nine_action_types(server_url):
    schema = httpx.get(f"{server_url}/schema").json()
    action_type = schema["action"]["properties"]["action_type"]
    assert sorted(action_type["enum"]) == sorted(ACTION_TYPES)
    for field in schema["action"]["properties"].values():
        assert field.get("description"), field


def test_full_episode_request_changes_ends_with_float_reward(server_url):
    with PythonEnv(base_url=server_url).sync() as env:
        result = env.reset(task_id=EXAMPLE_TASK, episode_id="ep-1")
        assert result.observation.task_id == EXAMPLE_TASK
        assert "has_next" in result.observation.diff
        state = env.state()
        assert state.episode_id == "ep-1" and state.step_count == 0
        result = env.step(PythonAction(action_type="run_tests"))
        assert "passed" in result.observation.tool_output
        assert result.reward == 0.0 and not result.done
        result = env.step(PythonAction(action_type="submit", decision="request_changes"))
        assert result.done is True
        assert isinstance(result.reward, float) and 0.0 <= result.reward <= 1.0
        assert result.observation.score is not None
        assert result.observation.score.total == result.reward


def test_good_review_scores_high_over_the_wire(server_url, example_task):
    issue = example_task.issues[0]
    with PythonEnv(base_url=server_url).sync() as env:
        env.reset(task_id=EXAMPLE_TASK)
        env.step(PythonAction(action_type="add_finding", finding=Finding(
            file=issue.file, line=issue.start_line + 1, category="bug", severity="major",
            title="has_next wrong on the last page")))
        fixed = example_task.fixed[issue.file]
        env.step(PythonAction(action_type="propose_patch", path=issue.file, content=fixed))
        result = env.step(PythonAction(action_type="submit", decision="request_changes"))
    assert result.reward == pytest.approx(1.0)
    assert result.observation.score.patch.fail_to_pass_passed == 1


def test_malformed_action_is_a_clear_error_and_the_session_survives(server_url):
    with PythonEnv(base_url=server_url).sync() as env:
        env.reset(task_id=EXAMPLE_TASK)
        with pytest.raises(RuntimeError, match="read_file requires: path"):
            env.step(PythonAction.model_construct(action_type="read_file", metadata={}))
        with pytest.raises(RuntimeError, match="action_type: Input should be"):
            env.step(PythonAction.model_construct(action_type="dance", metadata={}))
        result = env.step(PythonAction(action_type="read_file", path="shop/pagination.py"))
        assert "def paginate" in result.observation.tool_output
        assert env.state().step_count == 1


def test_unknown_file_is_reported_in_the_observation(server_url):
    with PythonEnv(base_url=server_url).sync() as env:
        env.reset(task_id=EXAMPLE_TASK)
        result = env.step(PythonAction(action_type="read_file", path="nope.py"))
        assert "no such file" in result.observation.last_action_error
        result = env.step(PythonAction(action_type="read_file", path="../../etc/passwd"))
        assert "invalid path" in result.observation.last_action_error
        assert not result.done


def test_over_size_payload_is_refused_and_the_session_survives(server_url):
    with PythonEnv(base_url=server_url).sync() as env:
        env.reset(task_id=EXAMPLE_TASK)
        huge = PythonAction.model_construct(
            action_type="propose_patch", path="shop/pagination.py",
            content="x" * (MAX_PATCH_CHARS + 10), metadata={})
        with pytest.raises(RuntimeError, match="at most"):
            env.step(huge)
        result = env.step(PythonAction(action_type="search", pattern="def "))
        assert "paginate" in result.observation.tool_output


def test_message_over_the_socket_cap_closes_only_that_connection(server_url):
    async def scenario() -> str:
        ws_url = server_url.replace("http", "ws") + "/ws"
        async with websockets.connect(ws_url, max_size=None) as ws:
            await ws.send(json.dumps({"type": "step", "data": {"x": "y" * (2 << 20)}}))
            with pytest.raises(websockets.ConnectionClosed):
                await ws.recv()
        async with websockets.connect(ws_url) as ws:
            await ws.send(json.dumps({"type": "reset", "data": {"task_id": EXAMPLE_TASK}}))
            return json.loads(await ws.recv())["type"]

    assert asyncio.run(scenario()) == "observation"


def test_step_after_done_is_refused_and_changes_nothing(server_url):
    with PythonEnv(base_url=server_url).sync() as env:
        env.reset(task_id=EXAMPLE_TASK)
        final = env.step(PythonAction(action_type="submit", decision="approve"))
        before = env.state()
        with pytest.raises(RuntimeError, match="episode is over"):
            env.step(PythonAction(action_type="run_tests"))
        assert env.state() == before
        assert final.done
        again = env.reset(task_id=EXAMPLE_TASK)
        assert not again.done


def test_unknown_reset_option_is_an_error(server_url):
    with PythonEnv(base_url=server_url).sync() as env:
        with pytest.raises(RuntimeError, match="unknown reset option"):
            env.reset(task_id=EXAMPLE_TASK, difficulty="easy")
        with pytest.raises(RuntimeError, match="unknown task_id"):
            env.reset(task_id="no-such-task")
        assert env.reset(task_id=EXAMPLE_TASK).observation.task_id == EXAMPLE_TASK


def test_concurrent_sessions_never_share_state(server_url):
    async def session(n: int) -> tuple[int, list[int], str]:
        async with PythonEnv(base_url=server_url) as env:
            await env.reset(task_id=EXAMPLE_TASK, episode_id=f"ep-{n}")
            for line in range(1, n + 2):
                await env.step(PythonAction(action_type="add_finding", finding=Finding(
                    file="shop/pagination.py", line=line, category="bug", severity="minor",
                    title=f"session {n} finding {line}")))
            result = await env.step(PythonAction(
                action_type="propose_patch", path="shop/marker.py", content=f"SESSION = {n}\n"))
            result = await env.step(PythonAction(action_type="read_file", path="shop/marker.py"))
            state = await env.state()
            ids = [f.id for f in result.observation.findings]
            titles = {f.title.split()[1] for f in result.observation.findings}
            assert titles == {str(n)}
            return n, ids, state.episode_id + "|" + result.observation.tool_output

    async def run_all():
        return await asyncio.gather(*(session(n) for n in range(6)))

    for n, ids, text in asyncio.run(run_all()):
        assert ids == list(range(n + 1))
        assert text.startswith(f"ep-{n}|") and f"SESSION = {n}" in text
