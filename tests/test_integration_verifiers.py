"""The verifiers environment played through verifiers' own rollout path, against the live server.

No model: the "model" is openai's real `AsyncOpenAI` client over an httpx mock transport that
answers each chat-completions request with a scripted reply (the oracle's actions rendered as
tool calls, or a null reviewer's plain text), so verifiers' client, message parsing, tool
dispatch, stop conditions and rubric all run as they do with a served model.

Needs the `verifiers` dependency group; `.ci/run` installs it and runs `pytest -m verifiers`.
"""

from __future__ import annotations

import asyncio
import json
import os
from typing import Any

import pytest

pytestmark = pytest.mark.verifiers
vf = pytest.importorskip("verifiers", reason="verifiers missing: the verifiers group is not "
                         "installed (uv sync --group verifiers)")

import httpx  # noqa: E402
from openai import AsyncOpenAI  # noqa: E402

from python_env.agents.oracle import OracleAgent  # noqa: E402
from python_env.integrations.review_tools import (  # noqa: E402
    action_to_tool_call,
    approx_tokens,
)
from python_env.integrations.verifiers import ENV_ID, ReviewToolEnv  # noqa: E402
from python_env.models import ACTION_TYPES, PythonObservation  # noqa: E402
from python_env.server.tasks.loader import get_bank  # noqa: E402

# A reply: a list of (tool name, arguments) calls, or plain text.
Reply = list[tuple[str, dict[str, Any]]] | str


class ScriptedModel:
    """Chat completions from a script chosen by the pull request in the conversation: turn n
    of an episode gets the script's n-th reply (requests carry the whole conversation, so
    concurrent episodes need no shared cursor)."""

    def __init__(self, scripts: dict[str, list[Reply]]) -> None:
        self.scripts = scripts  # pull-request title -> replies
        self.requests: list[dict[str, Any]] = []

    def handle(self, request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content)
        self.requests.append(body)
        messages = body["messages"]
        (title,) = [t for t in self.scripts if any(
            m["role"] == "user" and f"Pull request: {t}\n" in str(m["content"]) for m in messages)]
        turn = sum(m["role"] == "assistant" for m in messages)
        script = self.scripts[title]
        reply = script[turn] if turn < len(script) else "done"
        if isinstance(reply, str):
            message: dict[str, Any] = {"role": "assistant", "content": reply}
        else:
            message = {"role": "assistant", "content": None, "tool_calls": [
                {"id": f"call_{turn}_{i}", "type": "function",
                 "function": {"name": name, "arguments": json.dumps(args)}}
                for i, (name, args) in enumerate(reply)]}
        finish = "stop" if isinstance(reply, str) else "tool_calls"
        return httpx.Response(200, json={
            "id": f"chatcmpl-{len(self.requests)}", "object": "chat.completion", "created": 0,
            "model": body["model"],
            "choices": [{"index": 0, "message": message, "finish_reason": finish}],
            "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
        })

    def client(self) -> Any:
        http = httpx.AsyncClient(transport=httpx.MockTransport(self.handle))
        openai = AsyncOpenAI(api_key="test", base_url="http://model.invalid/v1", http_client=http)
        return vf.OpenAIChatCompletionsClient(openai)


def oracle_script(task_id: str, one_call_per_turn: bool = True) -> list[Reply]:
    """The oracle's actions as tool calls: one a turn, or all in one turn."""
    task = get_bank().get(task_id)
    agent = OracleAgent()
    calls = [action_to_tool_call(a) for a in agent.plan(PythonObservation(task_id=task.id))]
    return [[c] for c in calls] if one_call_per_turn else [calls]


COLUMNS = ["review_score", "review_actions", "submitted_by_model"]


def _evaluate(env: ReviewToolEnv, model: ScriptedModel, n: int) -> list[dict[str, Any]]:
    """verifiers' `evaluate` over the first `n` rows; the rollouts' outputs."""
    results = asyncio.run(env.evaluate(model.client(), model="scripted", num_examples=n,
                                       max_concurrent=n, state_columns=COLUMNS,
                                       on_progress=lambda *a, **k: None))
    outputs = results["outputs"]
    assert [o.get("error") for o in outputs] == [None] * n
    return outputs


def _text(message: Any) -> str:
    return str(message["content"] if isinstance(message, dict) else message.content)


def _role(message: Any) -> str:
    return message["role"] if isinstance(message, dict) else message.role


def test_registered_by_module_name_with_the_nine_actions_as_tools(server_url: str) -> None:
    env = vf.load_environment(ENV_ID, base_url=server_url, task_ids=["pagination-off-by-one"])
    assert isinstance(env, ReviewToolEnv)
    assert [t.name for t in env.tool_defs] == list(ACTION_TYPES)
    add = next(t for t in env.tool_defs if t.name == "add_finding")
    assert {"file", "line", "category", "severity", "title"} <= set(add.parameters["required"])


def test_oracle_scores_one_and_null_scores_low(server_url: str, example_task) -> None:
    buggy = example_task.id
    script = oracle_script(buggy)
    oracle = ScriptedModel({example_task.title: script})
    env = vf.load_environment(ENV_ID, base_url=server_url, task_ids=[buggy, buggy])
    outputs = _evaluate(env, oracle, 2)  # two concurrent episodes
    assert [o["reward"] for o in outputs] == [pytest.approx(1.0)] * 2
    for o in outputs:
        assert o["reward"] == o["review_score"]  # the rubric's reward is the server's score
        assert o["submitted_by_model"] and o["review_actions"] == [c[0][0] for c in script]
        assert "Final score: 1.000" in _text(o["completion"][-1])
    # Every request offered the nine actions as tools; one request per action, and the
    # model's submit ended the episode (no request after it).
    assert all([t["function"]["name"] for t in r["tools"]] == list(ACTION_TYPES)
               for r in oracle.requests)
    assert len(oracle.requests) == 2 * len(script)

    null = ScriptedModel({example_task.title: ["Looks good to me."]})
    env_null = vf.load_environment(ENV_ID, base_url=server_url, task_ids=[buggy])
    (low,) = _evaluate(env_null, null, 1)
    assert low["reward"] == low["review_score"] < 0.5
    assert not low["submitted_by_model"]  # submitted at cleanup with the server's default
    assert len(null.requests) == 1  # a reply without a tool call ends the review


def test_reward_is_the_servers_score_for_a_partial_review(server_url: str, example_task) -> None:
    """One finding and no fix, with a refused call on the way: the reward is the server's
    grade, strictly between the null reviewer's and the oracle's."""
    issue = example_task.issues[0]
    finding = {"file": issue.file, "line": issue.start_line, "category": issue.category,
               "severity": issue.severity, "title": "the reported defect"}
    script: list[Reply] = [[("read_file", {"path": issue.file})],
                           [("add_finding", {"file": issue.file, "line": "x"})],  # invalid
                           [("add_finding", finding)],
                           [("submit", {"decision": "request_changes"})]]
    model = ScriptedModel({example_task.title: script})
    env = vf.load_environment(ENV_ID, base_url=server_url, task_ids=[example_task.id],
                              observation_tokens=200)
    (out,) = _evaluate(env, model, 1)
    assert 0.0 < out["reward"] == out["review_score"] < 1.0
    # What the model saw: the pull request in its first turn, then the server's observations
    # (the file, the refusal, the finding, the grade), each within the observation budget.
    first = model.requests[0]["messages"]
    assert example_task.title in _text(first[-1]) and "Diff:" in _text(first[-1])
    tool_texts = [_text(m) for m in out["completion"] if _role(m) == "tool"]
    assert len(tool_texts) == 4
    assert "Error" in tool_texts[1] and "[0]" in tool_texts[2]
    assert f"Final score: {out['reward']:.3f}" in tool_texts[3]
    assert all(approx_tokens(t) <= 200 for t in tool_texts)


def test_one_turn_with_all_the_oracles_calls(server_url: str, clean_task) -> None:
    """Several tool calls in one reply run in order; a clean task's oracle approves."""
    model = ScriptedModel({clean_task.title: oracle_script(clean_task.id, False)})
    env = vf.load_environment(ENV_ID, base_url=server_url, task_ids=[clean_task.id])
    (out,) = _evaluate(env, model, 1)
    assert out["reward"] == pytest.approx(1.0) and out["submitted_by_model"]
    assert len(model.requests) == 1


def test_unknown_tool_and_bad_arguments_are_told_to_the_model(server_url: str,
                                                               example_task) -> None:
    script: list[Reply] = [[("rm_rf", {})], [("search", {"regex": "x"})],
                           [("submit", {"decision": "approve"})]]
    model = ScriptedModel({example_task.title: script})
    env = vf.load_environment(ENV_ID, base_url=server_url, task_ids=[example_task.id])
    (out,) = _evaluate(env, model, 1)
    texts = [_text(m) for m in out["completion"] if _role(m) == "tool"]
    assert texts[0].startswith("Error: unknown tool 'rm_rf'")
    assert texts[1].startswith("Error:") and "regex" in texts[1]
    assert out["review_actions"] == ["submit"]  # neither error reached the server as a step


@pytest.mark.timeout(600)  # a server subprocess imports the app: tens of seconds when loaded
def test_without_a_url_it_serves_this_checkout_and_stops_it(clean_task) -> None:
    # Its own sandbox uids (pools use base+0..15): the session's in-process server keeps base.
    uids = {"PYTHON_ENV_SANDBOX_BASE_UID": str(int(os.environ.get("PYTHON_ENV_SANDBOX_BASE_UID", "61000")) + 30)}
    env = vf.load_environment(ENV_ID, task_ids=[clean_task.id], server_env=uids)
    server = env._server
    assert server is not None and server.poll() is None
    try:
        model = ScriptedModel({clean_task.title: [[("submit", {"decision": "approve"})]]})
        (out,) = _evaluate(env, model, 1)
        assert out["reward"] == pytest.approx(1.0) and out["submitted_by_model"]
    finally:
        asyncio.run(env._teardown())  # what verifiers runs at exit: the teardown handlers
    assert server.poll() is not None
