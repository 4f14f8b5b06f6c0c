"""Baselines and evaluation: oracle, null, static and LLM agents, `python-env eval`, inference.py."""

from __future__ import annotations

import asyncio
import importlib.util
import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from python_env.agents.eval_episodes import run_episode
from python_env.agents.eval_tasks import TaskInfo
from python_env.agents.llm import LLMAgent, parse_action
from python_env.agents.oracle import OracleAgent
from python_env.agents.static import added_lines, findings_from
from python_env.cli import main as cli_main
from python_env.models import PythonAction
from python_env.server.python_env_environment import PythonEnvironment
from python_env.server.tasks.loader import get_bank

from .conftest import EXAMPLE_TASK, all_tasks

ROOT = Path(__file__).resolve().parents[1]
REPORT_KEYS = {"agent", "split", "reward_version", "mean_score", "buggy_mean_score",
               "clean_mean_score", "buggy_by_difficulty", "metrics", "episodes"}
EPISODE_KEYS = {"task_id", "split", "difficulty", "clean", "score", "parts", "precision", "recall",
                "findings", "false_positives", "decision", "steps"}


# --------------------------------------------------------------------------- oracle
@pytest.mark.parametrize("task", all_tasks(), ids=lambda t: t.id)
def test_oracle_reaches_the_maximum_on_every_task(task):
    if task.derived is None:
        pytest.skip("not validated yet (no expected.json)")
    env = PythonEnvironment()
    agent = OracleAgent(get_bank())
    try:
        obs = env.reset(task_id=task.id)
        agent.begin(obs)
        while not obs.done:
            obs = env.step(agent.act(obs))
            assert obs.last_action_error is None, obs.last_action_error
    finally:
        env.close()
    assert obs.reward == pytest.approx(1.0), obs.score


def _eval(tmp_path: Path, name: str, *args: str) -> dict:
    out = tmp_path / f"{name}.json"
    code = cli_main(["eval", *args, "--json", str(out), "--no-progress"])
    report = json.loads(out.read_text())
    assert code == 0, report
    assert set(report) >= REPORT_KEYS
    for episode in report["episodes"]:
        assert set(episode) >= EPISODE_KEYS
        assert episode["error"] is None
        assert 0.0 <= episode["score"] <= 1.0
    return report


def test_oracle_over_the_websocket_through_eval(server_url, tmp_path):
    report = _eval(tmp_path, "oracle", "--agent", "oracle", "--tasks", EXAMPLE_TASK,
                   "--url", server_url)
    assert report["agent"] == "oracle" and report["mean_score"] == pytest.approx(1.0)
    [episode] = report["episodes"]
    assert episode["task_id"] == EXAMPLE_TASK and episode["clean"] is False
    assert episode["steps"] >= 3
    assert report["metrics"]["by_bug_class"]["off-by-one"]["patch_pass_rate"] == 1.0


# --------------------------------------------------------------------------- null, static
def _validated(split: str) -> list:
    return [t for t in get_bank().split(split) if t.derived is not None]


def test_null_through_eval_with_its_own_server(tmp_path):
    tasks = _validated("test")
    if not tasks:
        pytest.skip("no validated test task")
    report = _eval(tmp_path, "null", "--agent", "null", "--split", "test", "--concurrency", "4")
    assert report["split"] == "test" and report["reward_version"] == "2.0"
    assert {e["task_id"] for e in report["episodes"]} == {t.id for t in tasks}
    assert set(report["buggy_by_difficulty"]) == {t.difficulty for t in tasks if not t.clean}
    for episode in report["episodes"]:
        assert episode["steps"] == 1
        if not episode["clean"]:
            assert episode["score"] <= 0.05, episode
        else:
            assert episode["score"] == pytest.approx(1.0), episode


def test_static_through_eval_over_a_split(server_url, tmp_path):
    tasks = _validated("test")
    if not tasks:
        pytest.skip("no validated test task")
    report = _eval(tmp_path, "static", "--agent", "static", "--split", "test",
                   "--url", server_url, "--concurrency", "3")
    assert {e["task_id"] for e in report["episodes"]} == {t.id for t in tasks}
    for episode in report["episodes"]:
        task = get_bank().get(episode["task_id"])
        assert episode["clean"] == task.clean
        assert episode["bug_classes"] == task.bug_classes
        assert episode["patch"] in (None, 0.0)  # the static agent never patches


class _RefusedThenSubmit:
    name = "refused"

    def begin(self, observation):
        self.errors = []

    def act(self, observation):
        if observation.last_action_error:
            self.errors.append(observation.last_action_error)
        if len(self.errors) < 2:  # valid for no one: the server refuses it before it runs
            return PythonAction.model_construct(action_type="read_file", metadata={})
        return PythonAction(action_type="submit", decision="approve")


def test_runner_reports_refused_actions_to_the_agent(server_url):
    agent, events = _RefusedThenSubmit(), []
    record = asyncio.run(run_episode(server_url, TaskInfo(EXAMPLE_TASK, "train", "easy"), agent,
                                     on_step=events.append))
    assert record.error is None and record.steps == 1
    assert [(e.step, e.refused) for e in events] == [(0, True), (0, True), (1, False)]
    assert all("read_file requires: path" in error for error in agent.errors)


DIFF = """\
--- a/pkg/mod.py
+++ b/pkg/mod.py
@@ -1,4 +1,5 @@
 import os
-x = 1
+x = eval(os.environ["X"])
+y = 2

 def f(path):
@@ -10,2 +12,3 @@ def f(path):
     try:
+        return open(path).read()
     except Exception:
--- /dev/null
+++ b/pkg/new.py
@@ -0,0 +1,2 @@
+import pickle
+z = pickle.loads(b"")
"""

TOOL_OUTPUT = """\
pkg/mod.py:1: B404 [bandit/low] Consider possible security implications.
pkg/mod.py:2: B307 [bandit/medium] Use of possibly insecure function - consider ast.literal_eval.
pkg/mod.py:2: S307 [ruff/high] Use of possibly insecure function; consider `ast.literal_eval`
pkg/mod.py:13: SIM115 [ruff/high] Use a context manager for opening files
pkg/mod.py:14: BLE001 [ruff/medium] Do not catch blind exception: `Exception`
pkg/new.py:1: B403 [bandit/low] Consider possible security implications associated with pickle.
pkg/new.py:2: S301 [ruff/high] `pickle` can be unsafe
"""


def test_static_findings_from_diagnostics_on_added_lines():
    assert added_lines(DIFF) == {"pkg/mod.py": {2, 3, 13}, "pkg/new.py": {1, 2}}
    found = [(f.file, f.line, f.category.value, f.severity.value)
             for f in findings_from(TOOL_OUTPUT, DIFF)]
    assert found == [
        ("pkg/mod.py", 2, "security", "critical"),  # bandit and ruff on one line: one finding
        ("pkg/mod.py", 13, "resource", "major"),
        ("pkg/new.py", 2, "security", "critical"),  # the import note (B403) is ignored
    ]  # line 14 (BLE001) is context, not added


# --------------------------------------------------------------------------- llm
class FakeOpenAI:
    """A tiny OpenAI-compatible server: POST /v1/chat/completions answered by `respond`."""

    def __init__(self, respond: Callable[[list[dict]], str]):
        self.respond = respond
        self.requests: list[list[dict]] = []
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                if self.path != "/v1/chat/completions":
                    self.send_error(404)
                    return
                fake.requests.append(body["messages"])
                content = fake.respond(body["messages"])
                data = json.dumps({
                    "id": f"chatcmpl-{len(fake.requests)}", "object": "chat.completion",
                    "created": int(time.time()), "model": body["model"],
                    "choices": [{"index": 0, "finish_reason": "stop",
                                 "message": {"role": "assistant", "content": content}}],
                    "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
                }).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/v1"
        self.thread = threading.Thread(target=self.httpd.serve_forever, args=(0.05,),
                                       daemon=True)

    def __enter__(self) -> FakeOpenAI:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def fake_openai() -> Iterator[Callable[[Callable[[list[dict]], str]], FakeOpenAI]]:
    servers: list[FakeOpenAI] = []

    def start(respond):
        server = FakeOpenAI(respond).__enter__()
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.__exit__()


def test_parse_action_tolerates_fences_and_prose_and_explains_errors():
    assert parse_action('```json\n{"action_type": "run_tests"}\n```').action_type == "run_tests"
    action = parse_action('I will read it. {"action_type": "read_file", "path": "a.py"} ok?')
    assert action.path == "a.py"
    assert parse_action('{"action": {"action_type": "request_hint"}}').action_type == (
        "request_hint")
    for reply, message in [("no json here", "no JSON object"),
                           ('{"path": "a.py"}', "action_type"),
                           ('{"action_type": "dance"}', "action_type: Input should be"),
                           ('{"action_type": "read_file"}', "read_file requires: path")]:
        with pytest.raises(ValueError, match=message):
            parse_action(reply)


def test_llm_agent_retries_malformed_replies_and_completes(server_url, fake_openai, example_task):
    issue = example_task.issues[0]
    finding = {"file": issue.file, "line": issue.start_line, "end_line": issue.end_line,
               "category": "bug", "severity": "major", "title": "has_next wrong on last page",
               "rationale": "<= should be <"}
    script = [
        "Let me look at the diff first.",  # no JSON: retried
        '{"action_type": "dance"}',  # a wrong action type: retried
        '```json\n{"action_type": "run_static_analysis"}\n```',
        "Recording it:\n" + json.dumps({"action_type": "add_finding", "finding": finding}),
        '{"action_type": "submit", "decision": "request_changes", "summary": "off by one"}',
    ]
    fake = fake_openai(lambda messages: script.pop(0))
    agent = LLMAgent("fake-model", fake.url, "fake-key", max_retries=2)
    steps: list[str] = []
    record = asyncio.run(run_episode(
        server_url, TaskInfo(EXAMPLE_TASK, "train", "easy"), agent,
        on_step=lambda event: steps.append(event.action.action_type)))
    assert record.error is None
    assert steps == ["run_static_analysis", "add_finding", "submit"]
    assert agent.stats == {"requests": 5, "invalid_replies": 2, "fallbacks": 0, "api_errors": 0}
    assert "not a valid action: no JSON object" in fake.requests[1][-1]["content"]
    assert "action_type: Input should be" in fake.requests[2][-1]["content"]
    # once a valid action follows, the failed attempts leave the conversation
    assert [m["role"] for m in fake.requests[3]] == ["system", "user", "assistant", "user"]
    assert record.score == pytest.approx(0.65 * 0.075)  # an unproven finding, no patch
    assert record.steps == 3


def test_llm_agent_falls_back_to_submit_when_replies_stay_invalid(fake_openai, example_task):
    fake = fake_openai(lambda messages: "still thinking")
    agent = LLMAgent("fake-model", fake.url, "fake-key", max_retries=2)
    env = PythonEnvironment()
    try:
        obs = env.reset(task_id=EXAMPLE_TASK)
        agent.begin(obs)
        action = agent.act(obs)
    finally:
        env.close()
    assert action.action_type == "submit" and action.decision == "approve"
    assert agent.stats["requests"] == 3 and agent.stats["fallbacks"] == 1
    obs = obs.model_copy(update={"steps_remaining": 1})
    assert agent.act(obs).action_type == "submit" and agent.stats["requests"] == 3


def test_llm_agent_keeps_the_conversation_bounded(fake_openai):
    fake = fake_openai(lambda messages: '{"action_type": "search", "pattern": "def "}')
    agent = LLMAgent("fake-model", fake.url, "k", history_turns=3, max_tool_chars=100)
    env = PythonEnvironment()
    try:
        obs = env.reset(task_id=EXAMPLE_TASK)
        agent.begin(obs)
        for _ in range(6):
            obs = env.step(agent.act(obs))
        agent.act(obs)
    finally:
        env.close()
    last = fake.requests[-1]
    assert len(last) == 2 + 2 * 3
    assert "earlier step(s) omitted" in last[1]["content"]
    assert all(len(m["content"]) < 400 for m in last[2:])
    assert "more characters truncated" in last[-1]["content"]


def _fake_policy(messages: list[dict]) -> str:
    """Each episode: one reply without JSON (retried), static analysis, then submit."""
    if not any(m["role"] == "assistant" for m in messages):
        return "Let me think about this pull request."
    if messages[-1]["content"].startswith("Your reply was not a valid action"):
        return '```json\n{"action_type": "run_static_analysis"}\n```'
    return '{"action_type": "submit", "decision": "request_changes"}'


def test_eval_runs_the_llm_agent(server_url, fake_openai, monkeypatch, tmp_path):
    fake = fake_openai(_fake_policy)
    monkeypatch.setenv("HF_TOKEN", "fake-token")
    report = _eval(tmp_path, "llm", "--agent", "llm", "--model", "fake-model", "--api-base",
                   fake.url, "--tasks", EXAMPLE_TASK, "--url", server_url)
    assert report["model"] == "fake-model"
    [episode] = report["episodes"]
    assert episode["steps"] == 2 and episode["agent_stats"]["requests"] == 3
    assert all(m[0]["content"].startswith("You are a senior Python engineer")
               for m in fake.requests)


# --------------------------------------------------------------------------- inference.py
CREDENTIAL_VARS = ("API_BASE_URL", "MODEL_NAME", "HF_TOKEN", "OPENAI_API_KEY")


def test_inference_without_credentials_exits_at_once():
    env = {k: v for k, v in os.environ.items() if k not in CREDENTIAL_VARS}
    started = time.monotonic()
    proc = subprocess.run([sys.executable, str(ROOT / "inference.py")], env=env, cwd=ROOT,
                          capture_output=True, text=True, timeout=30)
    assert proc.returncode != 0
    assert "API_BASE_URL" in proc.stderr and "HF_TOKEN" in proc.stderr
    assert time.monotonic() - started < 10


def test_inference_end_to_end_against_a_fake_model(server_url, fake_openai, monkeypatch,
                                                   tmp_path, capsys, clean_task):
    fake = fake_openai(_fake_policy)
    for name, value in {"API_BASE_URL": fake.url, "MODEL_NAME": "fake-model",
                        "HF_TOKEN": "fake-token", "ENV_BASE_URL": server_url}.items():
        monkeypatch.setenv(name, value)
    spec = importlib.util.spec_from_file_location("inference_script", ROOT / "inference.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    out = tmp_path / "inference.json"
    code = module.main(["--tasks", EXAMPLE_TASK, clean_task.id, "--output", str(out),
                        "--concurrency", "2"])
    lines = capsys.readouterr().out.splitlines()
    assert code == 0
    for task_id in (EXAMPLE_TASK, clean_task.id):
        mine = [line for line in lines if line.endswith(f"task={task_id}")
                or line.startswith(f"[START] task={task_id} ")]
        assert [line.split()[0] for line in mine] == ["[START]", "[STEP]", "[STEP]", "[END]"]
        assert "action=run_static_analysis reward=0.00 done=false error=null" in mine[1]
        assert "action=submit" in mine[2] and "done=true" in mine[2]
        assert "success=true steps=2 score=" in mine[3]
    report = json.loads(out.read_text())
    assert set(report) >= REPORT_KEYS and report["agent"] == "llm"
    assert report["model"] == "fake-model" and len(report["episodes"]) == 2
    by_id = {e["task_id"]: e for e in report["episodes"]}
    assert by_id[EXAMPLE_TASK]["agent_stats"]["invalid_replies"] == 1
    assert by_id[clean_task.id]["decision_correct"] is False  # request_changes on a clean PR
