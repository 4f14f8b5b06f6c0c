"""The verifiers environment played through verifiers' own rollout path, against the live server.

No model: the "model" is openai's real `AsyncOpenAI` client over an httpx mock transport that
answers each chat-completions request with a scripted reply (the oracle's actions rendered as
tool calls, or a null reviewer's plain text), so verifiers' client, message parsing, tool
dispatch, stop conditions and rubric all run as they do with a served model.

Needs the `verifiers` dependency group; `.ci/run` installs it and runs `pytest -m verifiers`.
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import json
import os
import re
import shlex
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.verifiers
vf = pytest.importorskip("verifiers", reason="verifiers missing: the verifiers group is not "
                         "installed (uv sync --group verifiers)")

import httpx  # noqa: E402
from fastapi import FastAPI, Request  # noqa: E402
from openai import AsyncOpenAI  # noqa: E402

from python_env.agents.oracle import OracleAgent  # noqa: E402
from python_env.integrations.review_tools import (  # noqa: E402
    action_to_tool_call,
    approx_tokens,
)
from python_env.integrations.verifiers import ENV_ID, ReviewToolEnv  # noqa: E402
from python_env.models import ACTION_TYPES, PythonObservation  # noqa: E402
from python_env.server.tasks.loader import get_bank  # noqa: E402

from .conftest import serve  # noqa: E402

# A reply: a list of (tool name, arguments) calls, or plain text.
Reply = list[tuple[str, dict[str, Any]]] | str


def pull_request_title(messages: list[dict[str, Any]]) -> str:
    """The title of the pull request under review, from the conversation's user turn."""
    user = " ".join(str(m["content"]) for m in messages if m["role"] == "user")
    (title,) = re.findall(r"Pull request: (.*)\n", user)
    return title


class ScriptedModel:
    """Chat completions from a script chosen by the pull request in the conversation: turn n
    of an episode gets the script's n-th reply (requests carry the whole conversation, so
    concurrent episodes need no shared cursor). A pull request without a script of its own
    gets `default(title)`'s, if given."""

    def __init__(self, scripts: dict[str, list[Reply]],
                 default: Callable[[str], list[Reply]] | None = None) -> None:
        self.scripts = scripts  # pull-request title -> replies
        self.default = default
        self.requests: list[dict[str, Any]] = []

    def completion(self, body: dict[str, Any]) -> dict[str, Any]:
        """The chat-completions response body for request `body`."""
        self.requests.append(body)
        messages = body["messages"]
        title = pull_request_title(messages)
        script = self.scripts.get(title) or (self.default(title) if self.default else [])
        turn = sum(m["role"] == "assistant" for m in messages)
        reply = script[turn] if turn < len(script) else "done"
        if isinstance(reply, str):
            message: dict[str, Any] = {"role": "assistant", "content": reply}
        else:
            message = {"role": "assistant", "content": None, "tool_calls": [
                {"id": f"call_{turn}_{i}", "type": "function",
                 "function": {"name": name, "arguments": json.dumps(args)}}
                for i, (name, args) in enumerate(reply)]}
        finish = "stop" if isinstance(reply, str) else "tool_calls"
        return {
            "id": f"chatcmpl-{len(self.requests)}", "object": "chat.completion", "created": 0,
            "model": body["model"],
            "choices": [{"index": 0, "message": message, "finish_reason": finish}],
            "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
        }

    def client(self) -> Any:
        """A verifiers client over openai's `AsyncOpenAI` whose transport is this script."""
        def handle(request: httpx.Request) -> httpx.Response:
            return httpx.Response(200, json=self.completion(json.loads(request.content)))

        http = httpx.AsyncClient(transport=httpx.MockTransport(handle))
        openai = AsyncOpenAI(api_key="test", base_url="http://model.invalid/v1", http_client=http)
        return vf.OpenAIChatCompletionsClient(openai)

    def app(self) -> FastAPI:
        """The script as an OpenAI-compatible HTTP server (for code that makes its own client)."""
        app = FastAPI()

        @app.post("/v1/chat/completions")
        async def chat(request: Request) -> dict[str, Any]:
            return self.completion(await request.json())

        return app


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
    assert texts[1] == "Error: search: missing a required argument: 'pattern'"
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


# ------------------------------------------------------------------ the README's examples
README = Path(__file__).resolve().parents[1] / "README.md"
README_SERVER = "http://127.0.0.1:8001"
README_MODEL = "http://127.0.0.1:8080/v1"


def _oracle_by_title() -> Callable[[str], list[Reply]]:
    by_title = {t.title: t.id for t in get_bank().by_id.values()}
    return lambda title: oracle_script(by_title[title])


def _readme_section() -> str:
    text = README.read_text()
    section = text[text.index("### verifiers"):]
    return section[:re.search(r"\n##+ ", section).start()]  # up to the next heading


def test_readme_python_example_runs_as_written(server_url: str) -> None:
    (source,) = re.findall(r"```python\n(.*?)```", _readme_section(), re.S)
    assert README_SERVER in source and README_MODEL in source
    model = ScriptedModel({}, default=_oracle_by_title())
    with serve(model.app()) as model_url:
        source = source.replace(README_SERVER, server_url).replace(README_MODEL,
                                                                    model_url + "/v1")
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            exec(compile(source, "README.md", "exec"), {})
    claims = re.findall(r"^\s*print\(.*\)\s+# (.+?)\s*$", source, re.M)
    assert out.getvalue().splitlines() == claims == ["9", "True"]
    assert model.requests  # the example's own client reached the model


@pytest.mark.timeout(900)  # vf-eval imports verifiers and starts its env workers: minutes loaded
def test_readme_vf_eval_command_scores_the_oracle_one(server_url: str, tmp_path: Path) -> None:
    (line,) = re.findall(r"^uv run vf-eval .*$", _readme_section(), re.M)
    argv = shlex.split(line)[2:]
    args = json.loads(argv[argv.index("-a") + 1])
    assert args["base_url"] == README_SERVER
    argv[argv.index("-a") + 1] = json.dumps({**args, "base_url": server_url})
    argv[argv.index("-m") + 1] = "scripted"
    model = ScriptedModel({}, default=_oracle_by_title())
    with serve(model.app()) as model_url:
        argv[argv.index("-b") + 1] = model_url + "/v1"
        run = subprocess.run([str(Path(sys.executable).parent / argv[0]), *argv[1:],
                              "--output-dir", str(tmp_path)],
                             capture_output=True, text=True, stdin=subprocess.DEVNULL,
                             timeout=800, env={**os.environ, "OPENAI_API_KEY": "EMPTY"})
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    count = int(argv[argv.index("-n") + 1])
    assert len({pull_request_title(r["messages"]) for r in model.requests}) == count
    # vf-eval's summary: every rollout's reward, and the rubric's one reward function.
    assert re.search(r"^reward: avg - 1\.000, std - 0\.000$", run.stdout, re.M), run.stdout[-3000:]
    assert re.search(r"^review_score: avg - 1\.000", run.stdout, re.M)


def test_an_unreachable_server_is_a_rollout_error_scored_zero(example_task) -> None:
    from python_env.server.launch import free_port

    model = ScriptedModel({example_task.title: [[("submit", {"decision": "approve"})]]})
    env = vf.load_environment(ENV_ID, base_url=f"http://127.0.0.1:{free_port()}",
                              task_ids=[example_task.id])
    results = asyncio.run(env.evaluate(model.client(), model="scripted", num_examples=1,
                                       state_columns=COLUMNS, on_progress=lambda *a, **k: None))
    (out,) = results["outputs"]
    assert out["reward"] == 0.0 and "reset at http://127.0.0.1:" in str(out["error"])
    assert model.requests == []  # the model is not asked to review what it cannot see
