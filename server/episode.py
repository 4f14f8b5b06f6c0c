"""One episode's state, in one place: created whole by `reset`, dropped whole by the next one.

Ground truth (reference issues, fix, probes, expected outputs) stays in `task`; observations
carry only what the reviewer may see. Intermediate rewards are 0.0: nothing before the end
reveals whether a finding matches.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from ..models import FileEntry, PythonObservation, PythonState, RecordedFinding, ScoreBreakdown
from .tasks.model import Task, line_count
from .workspace import Workspace


class EpisodeOver(RuntimeError):
    """A step after the episode ended."""


@dataclass(eq=False)
class Episode:
    """The task under review, its workspace, the review so far and the public state."""

    task: Task
    workspace: Workspace
    state: PythonState
    findings: list[RecordedFinding] = field(default_factory=list)
    next_finding_id: int = 0
    hints_used: int = 0
    score: ScoreBreakdown | None = None  # set once, when the review is graded

    @classmethod
    def start(cls, task: Task, episode_id: str | None = None) -> Episode:
        """A fresh episode of `task`: its workspace is written to disk here (may raise)."""
        state = PythonState(episode_id=episode_id or str(uuid.uuid4()), step_count=0,
                            task_id=task.id, split=task.split, done=False)
        return cls(task=task, workspace=Workspace(task.head), state=state)

    @property
    def done(self) -> bool:
        return self.state.done

    @property
    def steps_remaining(self) -> int:
        return max(0, self.task.max_steps - self.state.step_count)

    def default_decision(self) -> str:
        """The decision of a review that ran out of steps: what its findings say."""
        return "request_changes" if self.findings else "approve"

    def count_step(self) -> None:
        if self.done:
            raise EpisodeOver("the episode is over (submitted or out of steps): call reset()")
        self.state.step_count += 1

    def uncount_step(self) -> None:
        """A step whose grading failed did not happen: the reviewer may submit again."""
        self.state.step_count -= 1

    def end(self, score: ScoreBreakdown) -> None:
        self.score = score
        self.state.done = True

    def close(self) -> None:
        self.workspace.close()

    def welcome(self) -> str:
        task = self.task
        return (f"Review this pull request ({len(task.changed_files)} changed file(s), "
                f"{task.max_steps} steps). Record findings with add_finding, optionally fix "
                "with propose_patch, then submit approve or request_changes.")

    def observe(self, tool_output: str = "", error: str | None = None) -> PythonObservation:
        """What the reviewer sees now; the reward is the score's total once graded, else 0."""
        task = self.task
        lines = {p: line_count(t) for p, t in task.head.items()}
        changed = set(task.changed_files)
        return PythonObservation(
            task_id=task.id,
            difficulty=task.difficulty,
            pr_title=task.title,
            pr_description=task.description.strip(),
            diff=task.diff,
            files=[FileEntry(path=p, changed=p in changed, lines=lines[p]) for p in sorted(lines)],
            tool_output=tool_output,
            findings=list(self.findings),
            step_budget=task.max_steps,
            steps_remaining=self.steps_remaining,
            hints_used=self.hints_used,
            last_action_error=error,
            score=self.score,
            done=self.done,
            reward=self.score.total if self.score is not None else 0.0,
        )
