"""Trajectories: one episode as one JSON line (what was asked, every action, what came back).

A line holds the task id, the reset options, the grader's reward version, the observation after
reset, then one entry per action (the action, the observation it produced, its reward, done, its
error, and whether the server refused it before running it), and the final score breakdown.
Tool outputs are truncated to `tool_output_limit` characters. The fields of the pull request that
never change within an episode (title, description, diff, action list) are written once, in the
reset observation; the score breakdown once, at the end.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from ..models import PythonAction, PythonObservation

FORMAT = "python_env.trajectory/1"
TOOL_OUTPUT_LIMIT = 4000
# Observation fields that are the same at every step of an episode: kept in the reset observation.
STATIC_FIELDS = frozenset({"pr_title", "pr_description", "diff", "available_actions",
                           "difficulty", "task_id"})


def truncate(text: str, limit: int) -> str:
    """`text` cut to `limit` characters, saying how much was cut."""
    if limit < 0 or len(text) <= limit:
        return text
    return f"{text[:limit]}\n... [{len(text) - limit} characters truncated]"


def action_payload(action: PythonAction) -> dict[str, Any]:
    """The action as the client sends it (what replay sends again)."""
    return action.model_dump(exclude={"metadata"}, exclude_none=True, mode="json")


def observation_payload(observation: PythonObservation, limit: int,
                        static: bool) -> dict[str, Any]:
    """The observation as a trajectory keeps it: tool output truncated, the breakdown apart."""
    exclude = {"score", "metadata"} | (set() if static else STATIC_FIELDS)
    data = observation.model_dump(exclude=exclude, mode="json")
    data["tool_output"] = truncate(data.get("tool_output") or "", limit)
    return data


@dataclass
class TrajectoryStep:
    """One action and its outcome. A refused action (invalid for the server) has no observation."""

    action: dict[str, Any]
    observation: dict[str, Any] | None
    reward: float
    done: bool
    error: str | None = None
    refused: bool = False

    def to_action(self) -> PythonAction:
        return PythonAction.model_validate(self.action)


@dataclass
class Trajectory:
    """One episode. `to_json()` is one JSON line; `from_json()` reads it back."""

    task_id: str
    reset: dict[str, Any]  # the reset options the episode was asked with
    initial: dict[str, Any] = field(default_factory=dict)  # observation after reset
    steps: list[TrajectoryStep] = field(default_factory=list)
    reward_version: str | None = None
    score: float | None = None  # the final reward; None when the episode did not finish
    breakdown: dict[str, Any] | None = None  # the final ScoreBreakdown
    error: str | None = None
    url: str | None = None
    attempts: int = 1
    seconds: float = 0.0
    tool_output_limit: int = TOOL_OUTPUT_LIMIT
    format: str = FORMAT

    @property
    def actions(self) -> list[PythonAction]:
        """The actions the server ran, in order (refused ones left out: they changed nothing)."""
        return [s.to_action() for s in self.steps if not s.refused]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def to_json(self) -> str:
        """One line of JSON (no newline inside)."""
        return json.dumps(self.to_dict(), ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Trajectory:
        if data.get("format") != FORMAT:
            raise ValueError(f"not a {FORMAT} record (format {data.get('format')!r})")
        fields = dict(data)
        fields["steps"] = [TrajectoryStep(**s) for s in data.get("steps", [])]
        return cls(**fields)

    @classmethod
    def from_json(cls, line: str) -> Trajectory:
        return cls.from_dict(json.loads(line))


def write_jsonl(trajectories: Iterable[Trajectory], path: str | Path) -> int:
    """Write one trajectory a line; returns how many were written."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    count = 0
    with path.open("w", encoding="utf-8") as out:
        for trajectory in trajectories:
            out.write(trajectory.to_json() + "\n")
            count += 1
    return count


def read_jsonl(path: str | Path) -> Iterator[Trajectory]:
    """The trajectories of a JSONL file, blank lines skipped."""
    with Path(path).open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            if line.strip():
                try:
                    yield Trajectory.from_json(line)
                except (ValueError, TypeError) as exc:
                    raise ValueError(f"{path}:{number}: {exc}") from None
