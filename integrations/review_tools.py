"""One python_env review episode as text tools, shared by the trainer integrations.

`ReviewEnvironment` holds one WebSocket session; its nine public action methods (one per
`PythonAction` type, their signatures and docstrings are the tool schema) return the server's
observation rendered to text and clipped to a token budget, and `get_reward()` is the episode's
final score. TRL (`integrations.trl`) uses the class as its environment; verifiers
(`integrations.verifiers`) calls the same methods from its tool calls.

Only the typed client is used (no server import), so the server may run anywhere.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from websockets.exceptions import ConnectionClosed

from python_env.client import PythonEnv, ServerError
from python_env.models import Finding, PythonAction, PythonObservation

PROMPT = (
    "You review a Python pull request. Use the tools to read files, search, run the tests and "
    "static analysis, record findings (file, line, category, severity, title) and optionally "
    "propose a patch; then call submit with approve or request_changes. The review is graded "
    "by execution when you submit."
)

TokenCounter = Callable[[str], int]


def approx_tokens(text: str) -> int:
    """A tokenizer-free estimate (about four characters a token), used when none is given."""
    return (len(text) + 3) // 4


def clip_to_tokens(text: str, budget: int, count: TokenCounter = approx_tokens) -> str:
    """`text` cut to at most `budget` tokens (by `count`), with a note saying how much was cut."""
    if budget <= 0:
        return ""
    if count(text) <= budget:
        return text
    note = "\n[... {} of {} characters shown; read_file with start_line/end_line for more]"
    keep = len(text)
    # Shrink by the measured ratio until it fits: token counts are not linear in characters, so a
    # single proportional cut can overshoot.
    while keep > 0:
        keep = int(keep * budget / max(count(text[:keep] + note.format(keep, len(text))), 1) * 0.95)
        clipped = text[:keep] + note.format(keep, len(text))
        if count(clipped) <= budget:
            return clipped
    return ""


@dataclass
class EpisodeRecord:
    """What one rollout did, for callers that check or log episodes (the trainer sees only text)."""

    task_id: str
    actions: list[str] = field(default_factory=list)
    submitted_by_model: bool = False
    reward: float | None = None
    reward_version: str | None = None


class ReviewEnvironment:
    """One python_env WebSocket session, reused across the rollouts a trainer runs on this instance."""

    def __init__(
        self,
        base_url: str,
        *,
        count_tokens: TokenCounter = approx_tokens,
        observation_tokens: int = 512,
        first_observation_tokens: int = 2048,
        history: list[EpisodeRecord] | None = None,
    ) -> None:
        self._base_url = base_url
        self._count = count_tokens
        self._budget = observation_tokens
        self._first_budget = first_observation_tokens
        self._client: Any = None
        self._observation: PythonObservation | None = None
        self._done = False
        self._lock = threading.Lock()  # tools may be called from an event loop's worker threads
        self.history = history if history is not None else []
        self.episode: EpisodeRecord | None = None

    # ------------------------------------------------------------------ the trainer's contract
    def reset(self, **row: Any) -> str:
        """Start an episode on the task the dataset row names (task_id, or split and index)."""
        options = {k: row[k] for k in ("task_id", "split", "index", "seed") if row.get(k) is not None}
        client = self._connect()
        try:
            result = client.reset(**options)
        except (ConnectionError, OSError, ConnectionClosed):
            # A dropped session (server restart, idle timeout): reconnect once.
            self._close()
            result = self._connect().reset(**options)
        self._observation = result.observation
        self._done = False
        self.episode = EpisodeRecord(task_id=result.observation.task_id)
        self.history.append(self.episode)
        return "\n\n" + self._render_first(result.observation)

    def get_reward(self) -> float:
        """The episode's final score from the server's grader.

        A rollout that ended without `submit` (no tool call, or out of completion tokens) is
        submitted here with the server's own default at budget exhaustion: request_changes when
        findings were recorded, approve otherwise.
        """
        episode = self.episode
        if episode is None:
            raise RuntimeError("get_reward before reset")
        if not self._done:
            observation = self._observation
            decision = "request_changes" if observation and observation.findings else "approve"
            self._step(PythonAction(action_type="submit", decision=decision), record=False)
        observation = self._observation
        assert observation is not None and observation.score is not None
        episode.reward = observation.score.total
        episode.reward_version = observation.score.reward_version
        return episode.reward

    # ------------------------------------------------------------------ the nine actions
    def read_file(self, path: str, start_line: int | None = None, end_line: int | None = None) -> str:
        """Show a file of the workspace at the pull request's head, with line numbers.

        Args:
            path: Workspace-relative file path.
            start_line: First line to show (1-based); omit for the start of the file.
            end_line: Last line to show (inclusive); omit for the end of the file.
        """
        return self._act(action_type="read_file", path=path, start_line=start_line,
                         end_line=end_line)

    def search(self, pattern: str) -> str:
        """Search every file of the workspace for lines matching a Python regular expression.

        Args:
            pattern: The regular expression.
        """
        return self._act(action_type="search", pattern=pattern)

    def run_tests(self) -> str:
        """Run the pull request's visible tests on the current workspace."""
        return self._act(action_type="run_tests")

    def run_static_analysis(self) -> str:
        """Run ruff and bandit on the files the pull request changes."""
        return self._act(action_type="run_static_analysis")

    def add_finding(
        self,
        file: str,
        line: int,
        category: str,
        severity: str,
        title: str,
        rationale: str = "",
        end_line: int | None = None,
        witness_test: str | None = None,
    ) -> str:
        """Record a problem in the review, anchored to lines of a file.

        Args:
            file: Workspace-relative file path.
            line: First line (1-based) of the problem.
            category: One of bug, security, performance, concurrency, resource, error_handling, api_contract, maintainability.
            severity: One of critical, major, minor.
            title: One-line summary.
            rationale: Why this is a problem.
            end_line: Last line of the problem; defaults to line.
            witness_test: Optional Python test functions that fail on this code and pass once it is fixed.
        """
        try:
            finding = Finding(file=file, line=line, end_line=end_line, category=category,
                              severity=severity, title=title, rationale=rationale,
                              witness_test=witness_test)
        except ValueError as exc:
            return f"Error: invalid finding: {exc}"
        return self._act(action_type="add_finding", finding=finding)

    def remove_finding(self, finding_id: int) -> str:
        """Remove a finding recorded earlier.

        Args:
            finding_id: Id of the finding, as listed after add_finding.
        """
        return self._act(action_type="remove_finding", finding_id=finding_id)

    def propose_patch(self, path: str, content: str | None = None, diff: str | None = None) -> str:
        """Change a file of the workspace: give its complete new content, or a unified diff.

        Args:
            path: Workspace-relative file path.
            content: The complete new content of the file.
            diff: A unified diff against the current file (instead of content).
        """
        return self._act(action_type="propose_patch", path=path, content=content, diff=diff)

    def request_hint(self) -> str:
        """Ask for a hint about where the problems are (costs some score)."""
        return self._act(action_type="request_hint")

    def submit(self, decision: str, summary: str | None = None) -> str:
        """End the review; it is graded at once.

        Args:
            decision: approve, or request_changes.
            summary: The review's summary.
        """
        result = self._act(action_type="submit", decision=decision, summary=summary)
        if self._done and self.episode is not None:
            self.episode.submitted_by_model = True
        return result

    # ------------------------------------------------------------------ plumbing
    def _act(self, **fields: Any) -> str:
        if self._done:
            return "Error: the review was already submitted; the episode is over."
        try:
            action = PythonAction(**{k: v for k, v in fields.items() if v is not None})
        except ValueError as exc:
            return f"Error: invalid action: {exc}"
        try:
            return self._step(action, record=True)
        except ServerError as exc:
            return f"Error: {exc}"

    def _step(self, action: PythonAction, *, record: bool) -> str:
        with self._lock:
            result = self._connect().step(action)
        observation = result.observation
        self._observation = observation
        self._done = bool(result.done)
        if record and self.episode is not None:
            self.episode.actions.append(action.action_type)
        return self._render_step(observation)

    def _connect(self) -> Any:
        if self._client is None:
            self._client = PythonEnv(base_url=self._base_url).sync()
            self._client.connect()
        return self._client

    def _close(self) -> None:  # private: TRL turns every public method into a tool
        if self._client is not None:
            try:
                self._client.close()
            finally:
                self._client = None

    def _render_first(self, obs: PythonObservation) -> str:
        files = "\n".join(f"  {f.path} ({f.lines} lines){' [changed]' if f.changed else ''}"
                          for f in obs.files)
        head = (f"Pull request: {obs.pr_title}\n{obs.pr_description}\n\nFiles:\n{files}\n"
                f"{obs.tool_output}\nStep budget: {obs.step_budget} actions.\n\nDiff:\n")
        return head + clip_to_tokens(obs.diff, self._first_budget - self._count(head), self._count)

    def _render_step(self, obs: PythonObservation) -> str:
        tail = []
        if obs.last_action_error:
            tail.append(f"Error: {obs.last_action_error}")
        if obs.findings:
            tail.append("Findings: " + "; ".join(
                f"[{f.id}] {f.file}:{f.line} {f.category.value}/{f.severity.value} {f.title}"
                for f in obs.findings))
        if obs.score is not None:
            tail.append(f"Final score: {obs.score.total:.3f}")
        else:
            tail.append(f"Steps remaining: {obs.steps_remaining}.")
        tail_text = "\n".join(tail)
        body_budget = self._budget - self._count(tail_text) - 1
        return clip_to_tokens(obs.tool_output, body_budget, self._count) + "\n" + tail_text


# Module functions rather than methods: TRL turns every public method of the class into a tool.
def episode_over(env: ReviewEnvironment) -> bool:
    """Whether the current episode has ended (submitted, or the server closed it)."""
    return env._done


def close_session(env: ReviewEnvironment) -> None:
    """Close the environment's WebSocket session (a later `reset` opens a new one)."""
    env._close()


# The tool methods' parameters per action: a finding's fields are flattened into add_finding's.
_FINDING_ARGS = ("file", "line", "category", "severity", "title", "rationale", "end_line",
                 "witness_test")


def action_to_tool_call(action: PythonAction) -> tuple[str, dict[str, Any]]:
    """The tool call (name, arguments) that performs `action` through `ReviewEnvironment`'s
    tools: how a scripted policy (the oracle, a replayed trajectory) speaks as a model would."""
    if action.action_type == "add_finding":
        assert action.finding is not None
        finding = action.finding.model_dump(mode="json")
        args = {k: finding[k] for k in _FINDING_ARGS if finding.get(k) not in (None, "")}
    else:
        fields = action.model_dump(mode="json", exclude_none=True, exclude={"action_type"})
        args = {k: v for k, v in fields.items() if k != "metadata"}
    return action.action_type, args
