"""The LLM reviewer: an OpenAI-compatible chat model drives the action space, one JSON action a turn.

Protocol (SYSTEM_PROMPT below is what the model is told):

- The first user message holds the pull request: title, description, the diff, the file list and
  the step budget. Every later user message holds the result of the previous action: its tool
  output (truncated to `max_tool_chars`), its error if any, the findings recorded so far, and the
  steps left.
- The model answers with exactly one JSON object, a `PythonAction`: `{"action_type": ..., ...}`.
  The object is found in the reply even when wrapped in a code fence or surrounded by prose
  (`parse_action`).
- A reply that holds no valid action is answered with the error (what was wrong, which field) and
  the model is asked again, up to `max_retries` times; then the agent submits on its own
  (`request_changes` if the review has findings, else `approve`). An API failure (after the
  client's own retries) also ends in that fallback submit.
- The conversation stays bounded: the system prompt, the pull request, and the last
  `history_turns` exchanges; invalid replies and their corrections are dropped once a valid
  action follows.
- The agent submits before the budget runs out: when one step is left, after `max_actions`
  actions, or past `deadline` (a `time.monotonic()` value), it submits without asking the model.
  Each request times out after `request_timeout_s` (the client retries once); near the deadline
  an attempt's timeout shrinks so that it ends at most DEADLINE_GRACE_S past the deadline.
"""

from __future__ import annotations

import contextlib
import json
import re
import time
from typing import Any

from pydantic import ValidationError

from ..models import PythonAction, PythonObservation

SYSTEM_PROMPT = """\
You are a senior Python engineer reviewing a pull request in a code-review environment. You act
one step at a time. Each reply must be exactly ONE JSON object describing one action, with no
other text (a ```json code fence around it is tolerated).

Actions (the "action_type" field selects one; give only that action's fields):
- {"action_type": "read_file", "path": "pkg/mod.py", "start_line": 1, "end_line": 120}
    numbered lines of a workspace file (start_line and end_line are optional)
- {"action_type": "search", "pattern": "def load"}
    lines matching a Python regular expression across the workspace
- {"action_type": "run_tests"}
    run the visible tests against the current workspace
- {"action_type": "run_static_analysis"}
    ruff and bandit diagnostics on the changed files (they can be false alarms)
- {"action_type": "add_finding", "finding": {"file": "pkg/mod.py", "line": 42, "end_line": 44,
    "category": "bug", "severity": "major", "title": "one-line summary",
    "rationale": "why it is wrong", "suggestion": "how to fix it",
    "witness_test": "from pkg.mod import f\n\ndef test_f_rejects_x():\n    assert f(0) == 1\n"}}
    record a problem at the lines of the file at the pull request's head.
    category: bug, security, performance, concurrency, resource, error_handling, api_contract,
    maintainability. severity: critical, major, minor. end_line, suggestion and witness_test
    are optional. witness_test is evidence: test functions (plain asserts, standard library
    only, importing the project like tests/ does) that FAIL on the code under review and PASS
    once the defect is fixed.
- {"action_type": "remove_finding", "finding_id": 0}
    drop a finding you recorded earlier
- {"action_type": "propose_patch", "path": "pkg/mod.py", "content": "<the whole new file>"}
    or {"action_type": "propose_patch", "path": "pkg/mod.py", "diff": "@@ -42 +42 @@\\n-old\\n+new\\n"}
    replace a file to fix the problems (hidden tests check the fix when you submit)
- {"action_type": "request_hint"}
    a hint; each one lowers the score by 0.05
- {"action_type": "submit", "decision": "request_changes", "summary": "..."}
    end the review; decision is "approve" or "request_changes"

How you are graded: findings are matched to the real defects by file, the defective statement
(or its function's def line or a call site, when backed by evidence) and category, weighted by
severity; false findings cost as much as they claim, so report only what you are confident of.
A finding earns full credit only with evidence: a witness_test that demonstrates the defect, or
a patch that fixes it (hidden tests check the patch when you submit); without evidence it earns
little. Point at the exact statement, not a whole function. Request changes when the pull
request has a defect; approve a correct one (clean pull requests exist, and findings on them
cost score).
Focus on the lines the pull request adds or changes. Read the changed code before judging, keep
within the step budget, and submit before it runs out.
"""

DEADLINE_GRACE_S = 30.0
RETRY_MESSAGE = (
    "Your reply was not a valid action: {error}\n"
    "Reply with exactly one JSON object with an \"action_type\" field, as described."
)


class ActionParseError(ValueError):
    """A reply holds no valid action; the message says why, for the model to correct."""


def _json_candidates(text: str) -> list[Any]:
    """JSON values found in a reply: fenced blocks first, then the whole text, then any object."""
    found: list[Any] = []
    decoder = json.JSONDecoder()
    for block in re.findall(r"```(?:json|JSON)?\s*\n?(.*?)```", text, flags=re.DOTALL):
        with contextlib.suppress(ValueError):
            found.append(json.loads(block.strip()))
    with contextlib.suppress(ValueError):
        found.append(json.loads(text.strip()))
    for m in re.finditer(r"\{", text):
        try:
            value, _ = decoder.raw_decode(text, m.start())
        except ValueError:
            continue
        found.append(value)
    return found


def _format_errors(exc: ValidationError) -> str:
    parts = []
    for e in exc.errors():
        loc = ".".join(str(p) for p in e.get("loc", ()))
        parts.append(f"{loc}: {e.get('msg')}" if loc else str(e.get("msg")))
    return "; ".join(parts)


def parse_action(text: str) -> PythonAction:
    """The action in a model's reply, or ActionParseError saying what is wrong."""
    if not text or not text.strip():
        raise ActionParseError("the reply is empty")
    objects = [v for v in _json_candidates(text) if isinstance(v, dict)]
    objects = [v["action"] if "action_type" not in v and isinstance(v.get("action"), dict) else v
               for v in objects]
    if not objects:
        raise ActionParseError("no JSON object found in the reply")
    with_type = [v for v in objects if "action_type" in v]
    if not with_type:
        raise ActionParseError('the JSON object has no "action_type" field')
    first_error = ""
    for value in with_type:
        try:
            return PythonAction.model_validate(value)
        except ValidationError as exc:
            first_error = first_error or _format_errors(exc)
    raise ActionParseError(first_error)


def _clip(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    return f"{text[:limit]}\n... [{len(text) - limit} more characters truncated]"


def _fallback_submit(observation: PythonObservation, why: str) -> PythonAction:
    decision = "request_changes" if observation.findings else "approve"
    return PythonAction(action_type="submit", decision=decision, summary=why[:3000])


class LLMAgent:
    """Drives the environment with an OpenAI-compatible chat model (see the module docstring)."""

    name = "llm"

    def __init__(
        self,
        model: str,
        base_url: str | None = None,
        api_key: str | None = None,
        *,
        client: Any = None,
        max_retries: int = 2,
        max_actions: int = 24,
        request_timeout_s: float = 60.0,
        temperature: float = 0.0,
        max_tokens: int = 2048,
        max_tool_chars: int = 6000,
        max_diff_chars: int = 16000,
        history_turns: int = 10,
        deadline: float | None = None,
    ) -> None:
        if client is None:
            from openai import OpenAI

            client = OpenAI(base_url=base_url, api_key=api_key or "none",
                            timeout=request_timeout_s, max_retries=1)
        self.client = client
        self.model = model
        self.request_timeout_s = request_timeout_s
        self.max_retries = max_retries
        self.max_actions = max_actions
        self.temperature = temperature
        self.max_tokens = max_tokens
        self.max_tool_chars = max_tool_chars
        self.max_diff_chars = max_diff_chars
        self.history_turns = history_turns
        self.deadline = deadline
        self._first = ""
        self._turns: list[list[str]] = []  # [assistant reply, user message that answered it]
        self._actions = 0
        self.stats = {"requests": 0, "invalid_replies": 0, "fallbacks": 0, "api_errors": 0}

    # ------------------------------------------------------------------ rendering
    def _render_first(self, obs: PythonObservation) -> str:
        files = "\n".join(f"  {f.path} ({f.lines} lines){' [changed]' if f.changed else ''}"
                          for f in obs.files)
        return (
            f"Pull request: {obs.pr_title}\n\n{obs.pr_description}\n\n"
            f"Diff:\n{_clip(obs.diff, self.max_diff_chars)}\n"
            f"Files of the workspace:\n{files}\n\n"
            f"{obs.tool_output}\n"
            f"Step budget: {obs.step_budget} actions. Reply with your first action as JSON."
        )

    def _render_step(self, obs: PythonObservation) -> str:
        parts = [f"Result:\n{_clip(obs.tool_output, self.max_tool_chars) or '(no output)'}"]
        if obs.last_action_error:
            parts.append(f"Error: {obs.last_action_error}")
        if obs.findings:
            listed = "\n".join(f"  [{f.id}] {f.file}:{f.line} {f.category.value}/"
                               f"{f.severity.value} {f.title}" for f in obs.findings)
            parts.append(f"Findings recorded:\n{listed}")
        left = obs.steps_remaining
        note = " Submit now." if left <= 3 else ""
        parts.append(f"Steps remaining: {left}.{note} Reply with your next action as JSON.")
        return "\n\n".join(parts)

    def _messages(self) -> list[dict[str, str]]:
        messages = [{"role": "system", "content": SYSTEM_PROMPT},
                    {"role": "user", "content": self._first}]
        kept = self._turns[-self.history_turns:]
        if len(kept) < len(self._turns):
            messages[1]["content"] += (f"\n\n({len(self._turns) - len(kept)} earlier step(s) "
                                       "omitted to keep the conversation short.)")
        for reply, answer in kept:
            messages.append({"role": "assistant", "content": reply})
            messages.append({"role": "user", "content": answer})
        return messages

    # ------------------------------------------------------------------ the policy
    def begin(self, observation: PythonObservation) -> None:
        self._first = self._render_first(observation)
        self._turns = []
        self._actions = 0

    def _complete(self) -> str:
        self.stats["requests"] += 1
        timeout = self.request_timeout_s
        if self.deadline is not None:  # a request may overrun the deadline by DEADLINE_GRACE_S
            timeout = max(5.0, min(timeout, self.deadline + DEADLINE_GRACE_S - time.monotonic()))
        response = self.client.chat.completions.create(
            model=self.model, messages=self._messages(), temperature=self.temperature,
            max_tokens=self.max_tokens, timeout=timeout,
        )
        return response.choices[0].message.content or ""

    def act(self, observation: PythonObservation) -> PythonAction:
        if self._turns and not self._turns[-1][1]:
            self._turns[-1][1] = self._render_step(observation)
        if observation.steps_remaining <= 1:
            return self._fallback(observation, "last step of the budget: submitting")
        if self._actions >= self.max_actions:
            return self._fallback(observation, f"action limit ({self.max_actions}) reached")
        if self.deadline is not None and time.monotonic() >= self.deadline:
            return self._fallback(observation, "time limit reached")
        kept = len(self._turns)
        for attempt in range(self.max_retries + 1):
            try:
                reply = self._complete()
            except Exception as exc:  # network, HTTP status, timeout: the episode still ends
                self.stats["api_errors"] += 1
                del self._turns[kept:]
                return self._fallback(observation, f"model request failed: {type(exc).__name__}")
            try:
                action = parse_action(reply)
            except ActionParseError as exc:
                self.stats["invalid_replies"] += 1
                if attempt < self.max_retries:
                    self._turns.append([_clip(reply, 2000), RETRY_MESSAGE.format(error=exc)])
                continue
            del self._turns[kept:]
            self._turns.append([action.model_dump_json(exclude={"metadata"}, exclude_none=True),
                                ""])
            self._actions += 1
            return action
        del self._turns[kept:]
        return self._fallback(observation, f"no valid action after {self.max_retries + 1} replies")

    def _fallback(self, observation: PythonObservation, why: str) -> PythonAction:
        self.stats["fallbacks"] += 1
        return _fallback_submit(observation, why)
