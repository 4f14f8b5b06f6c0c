"""The oracle: reads the task's reference from disk (never through the server) and plays it.

It records every reference issue as a finding, proposes the reference fix, and submits the
right decision: the maximum score on every task, by construction of the grader.
"""

from __future__ import annotations

from ..models import Finding, PythonAction, PythonObservation
from ..server.tasks.generator import resolve_task
from ..server.tasks.loader import TaskBank, get_bank
from .base import ScriptedAgent


class OracleAgent(ScriptedAgent):
    name = "oracle"

    def __init__(self, bank: TaskBank | None = None) -> None:
        super().__init__()
        self.bank = bank or get_bank()

    def plan(self, observation: PythonObservation) -> list[PythonAction]:
        task = (self.bank.get(observation.task_id) if observation.task_id in self.bank.by_id
                else resolve_task(observation.task_id))
        actions = [
            PythonAction(action_type="add_finding", finding=Finding(
                file=issue.file, line=issue.start_line, end_line=issue.end_line,
                category=issue.category, severity=issue.severity, title=issue.title,
                rationale=issue.rationale.strip(),
            ))
            for issue in task.issues
        ]
        actions += [
            PythonAction(action_type="propose_patch", path=path, content=content)
            for path, content in sorted(task.fix_changes.items())
        ]
        decision = "approve" if task.clean else "request_changes"
        actions.append(PythonAction(action_type="submit", decision=decision))
        return actions
