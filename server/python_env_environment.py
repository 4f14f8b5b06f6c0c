"""The episode: reset, step and state of a Python code review.

Ground truth (reference issues, fix, probes, expected outputs) stays in the private `_task`;
observations and state carry only what the reviewer may see. Intermediate rewards are 0.0:
nothing before `submit` reveals whether a finding matches.
"""

from __future__ import annotations

import logging
import random
import uuid
from collections.abc import Callable
from typing import Any

from openenv.core.env_server.interfaces import Environment
from openenv.core.env_server.types import EnvironmentMetadata
from pydantic import ValidationError
from pydantic_core import InitErrorDetails, PydanticCustomError

from ..models import (
    ACTION_TYPES,
    FileEntry,
    PythonAction,
    PythonObservation,
    PythonState,
    RecordedFinding,
    ResetOptions,
    ScoreBreakdown,
)
from .analysis import analyse
from .fair_slots import SandboxBusy
from .grading.rubric import ReviewRubric, grade_review
from .grading.summary import score_summary
from .sandbox import shared_sandbox
from .tasks.api import TaskApiMixin
from .tasks.generator import GENERATED_SPLIT, generate, resolve_task
from .tasks.loader import get_bank
from .tasks.model import REAL_SPLIT, Task, line_count
from .tasks.real.store import RealSplitMissing, real_tasks
from .visible_tests import run_visible_tests
from .workspace import Workspace, WorkspaceError

log = logging.getLogger(__name__)
MAX_FINDINGS = 50
# Witness tests run in the sandbox at submit (a few jobs each), and each proven or unproven one
# tells the reviewer one bit about the reference fix: both are kept small.
MAX_WITNESSES = 5
# Generator seeds a reset may ask for (a seed-picked one is drawn from the same range).
GENERATED_SEEDS = 2**31


def refused(field: str, message: str, value: Any) -> ValidationError:
    """A reset option the bank cannot satisfy, reported like a type error of that field: the
    WebSocket answers VALIDATION_ERROR and HTTP 422, with the field named."""
    return ValidationError.from_exception_data(
        "ResetOptions",
        [InitErrorDetails(type=PydanticCustomError("invalid_option", message), loc=(field,),
                          input=value)],
    )


class ActionError(ValueError):
    """The action was well-formed but cannot be carried out; shown as last_action_error."""


class EpisodeOver(RuntimeError):
    """A step after the episode ended."""


class PythonEnvironment(TaskApiMixin, Environment[PythonAction, PythonObservation, PythonState]):
    SUPPORTS_CONCURRENT_SESSIONS = True

    def __init__(self) -> None:
        super().__init__(rubric=ReviewRubric())
        self._state = PythonState()
        self._task: Task | None = None
        self._workspace: Workspace | None = None
        self._findings: list[RecordedFinding] = []
        self._next_finding_id = 0
        self._hints_used = 0
        self._final: ScoreBreakdown | None = None
        self._closed = False
        self._handlers: dict[str, Callable[[PythonAction], str]] = {
            "read_file": self._read_file,
            "search": self._search,
            "run_tests": self._run_tests,
            "run_static_analysis": self._run_static_analysis,
            "add_finding": self._add_finding,
            "remove_finding": self._remove_finding,
            "propose_patch": self._propose_patch,
            "request_hint": self._request_hint,
        }
        assert set(self._handlers) | {"submit"} == set(ACTION_TYPES)

    # ----------------------------------------------------------------- lifecycle
    def reset(
        self,
        /,
        seed: int | None = None,
        episode_id: str | None = None,
        **options: Any,
    ) -> PythonObservation:
        """Start an episode. Whole or nothing: a refused reset leaves the session as it was.

        `self` is positional-only so that a client's option named "self" is refused like any
        other unknown option instead of breaking the call.
        """
        self._check_open()
        opts = ResetOptions.model_validate({"seed": seed, "episode_id": episode_id, **options})
        task = self._select(opts)
        if task.derived is None:
            raise ValueError(f"task {task.id!r} is not validated (no expected.json)")
        # Build everything first, then swap it in: nothing below can fail half-way.
        state = PythonState(
            episode_id=opts.episode_id or str(uuid.uuid4()), step_count=0, task_id=task.id,
            split=task.split, done=False,
        )
        workspace = Workspace(task.head)
        if self._workspace is not None:
            self._workspace.close()
        self._task, self._workspace, self._state = task, workspace, state
        self._findings = []
        self._next_finding_id = 0
        self._hints_used = 0
        self._final = None
        self._reset_rubric()
        return self._observation(tool_output=self._welcome(task))

    @staticmethod
    def _select(opts: ResetOptions) -> Task:
        bank = get_bank()
        if opts.task_id is not None:
            seed = opts.task_id.removeprefix("gen-")
            if opts.task_id.startswith("gen-") and seed.isdigit() and int(seed) >= GENERATED_SEEDS:
                raise refused("task_id", f"generated task ids run from gen-0 to "
                                         f"gen-{GENERATED_SEEDS - 1}", opts.task_id)
            try:
                return resolve_task(opts.task_id)
            except KeyError as exc:
                raise refused("task_id", str(exc.args[0]), opts.task_id) from None
        if opts.split == GENERATED_SPLIT:
            # Unlimited: index n is the task of generator seed n; a seed picks one at random.
            if opts.index is not None and opts.index >= GENERATED_SEEDS:
                raise refused("index", f"index of the generated split must be below "
                                       f"{GENERATED_SEEDS}", opts.index)
            index = opts.index
            return generate(index if index is not None
                            else random.Random(opts.seed).randrange(GENERATED_SEEDS))
        if opts.split == REAL_SPLIT:
            try:
                tasks = real_tasks()
            except RealSplitMissing as exc:
                raise refused("split", str(exc.args[0]), opts.split) from None
        else:
            try:
                tasks = bank.split(opts.split or "train")
            except KeyError as exc:
                raise refused("split", str(exc.args[0]), opts.split) from None
        if not tasks:
            raise refused("split", f"split {opts.split!r} has no task", opts.split)
        if opts.index is not None:
            if opts.index >= len(tasks):
                raise refused("index", f"index {opts.index} is out of range: split has "
                                       f"{len(tasks)} tasks", opts.index)
            return tasks[opts.index]
        return random.Random(opts.seed).choice(tasks)

    def close(self) -> None:
        self._closed = True
        if self._workspace is not None:
            self._workspace.close()
            self._workspace = None

    def _check_open(self) -> None:
        if self._closed:
            raise RuntimeError(
                "this session's environment was closed (idle timeout or shutdown); "
                "open a new connection"
            )

    @property
    def state(self) -> PythonState:
        return self._state

    def get_metadata(self) -> EnvironmentMetadata:
        return EnvironmentMetadata(
            name="python_env",
            description="Review a Python pull request: find its defects, optionally patch them, "
            "and approve or request changes. Graded by hidden, sandboxed checks.",
            version="0.1.0",
        )

    # ----------------------------------------------------------------- stepping
    # No **kwargs: OpenEnv's HTTP /step passes on only the extra body fields a signature names,
    # and spreads them into its own calls, where a field such as "self" or "func" breaks them.
    def step(self, action: PythonAction, timeout_s: float | None = None) -> PythonObservation:
        self._check_open()
        if self._task is None or self._workspace is None:
            return self._observation(error="no episode: call reset() first")
        if self._state.done:
            raise EpisodeOver("the episode is over (submitted or out of steps): call reset()")
        self._state.step_count += 1
        if action.action_type == "submit":
            return self._finish(action.decision, "review submitted")
        error, output = None, ""
        try:
            output = self._handlers[action.action_type](action)
        except (ActionError, WorkspaceError, SandboxBusy) as exc:
            error = str(exc)
        except Exception as exc:  # a handler failure must not become a 500
            log.exception("action %s failed", action.action_type)
            error = f"internal error while handling {action.action_type}: {type(exc).__name__}"
        if self._steps_remaining() <= 0:
            decision = "request_changes" if self._findings else "approve"
            return self._finish(decision, f"{output}\n\nstep budget exhausted: review submitted "
                                          f"with decision {decision}".strip(), error)
        return self._observation(tool_output=output, error=error)

    def _steps_remaining(self) -> int:
        assert self._task is not None
        return max(0, self._task.max_steps - self._state.step_count)

    def _finish(self, decision: str | None, note: str, error: str | None = None
                ) -> PythonObservation:
        assert self._task is not None and self._workspace is not None
        task, ws = self._task, self._workspace
        try:
            self._final = grade_review(
                self.rubric, task, self._findings, ws.root, ws.changed,  # type: ignore[arg-type]
                decision, self._hints_used, shared_sandbox(),
            )
        except Exception as exc:
            # Grading runs the sandbox; if it fails, the review is kept and the episode stays
            # open (the step is not counted), so the reviewer can submit again: never a 500.
            if not isinstance(exc, SandboxBusy):
                log.exception("grading %s failed", task.id)
            self._state.step_count -= 1
            reason = str(exc) if isinstance(exc, SandboxBusy) else type(exc).__name__
            return self._observation(error=f"grading failed ({reason}); the review is kept: "
                                     "submit again")
        self._state.done = True
        return self._observation(tool_output=f"{note}\n{score_summary(self._final)}",
                                 error=error)

    def _observation(self, tool_output: str = "", error: str | None = None) -> PythonObservation:
        task = self._task
        if task is None:
            return PythonObservation(last_action_error=error, reward=0.0, done=False)
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
            findings=list(self._findings),
            step_budget=task.max_steps,
            steps_remaining=self._steps_remaining(),
            hints_used=self._hints_used,
            last_action_error=error,
            score=self._final,
            done=self._state.done,
            reward=self._final.total if self._final is not None else 0.0,
        )

    @staticmethod
    def _welcome(task: Task) -> str:
        return (f"Review this pull request ({len(task.changed_files)} changed file(s), "
                f"{task.max_steps} steps). Record findings with add_finding, optionally fix "
                "with propose_patch, then submit approve or request_changes.")

    # ----------------------------------------------------------------- handlers
    def _read_file(self, action: PythonAction) -> str:
        assert self._workspace is not None and action.path is not None
        return self._workspace.read(action.path, action.start_line, action.end_line)

    def _search(self, action: PythonAction) -> str:
        assert self._workspace is not None and action.pattern is not None
        return self._workspace.search(action.pattern)

    def _run_tests(self, action: PythonAction) -> str:
        assert self._workspace is not None
        return run_visible_tests(self._workspace, shared_sandbox())

    def _run_static_analysis(self, action: PythonAction) -> str:
        assert self._task is not None and self._workspace is not None
        files = [p for p in self._task.changed_files if p in self._workspace.files]
        diagnostics = analyse(self._workspace.root, files)
        if not diagnostics:
            return f"ruff and bandit report nothing on {', '.join(files)}"
        return "\n".join(d.render() for d in diagnostics)

    def _add_finding(self, action: PythonAction) -> str:
        assert self._task is not None and action.finding is not None
        finding = action.finding
        text = self._task.head.get(finding.file)
        if text is None:
            raise ActionError(f"no such file: {finding.file!r} (see the file list)")
        length = line_count(text)
        if (finding.end_line or finding.line) > length:
            raise ActionError(f"{finding.file} has {length} lines; the finding points past them")
        if len(self._findings) >= MAX_FINDINGS:
            raise ActionError(f"a review holds at most {MAX_FINDINGS} findings")
        if finding.witness_test and sum(bool(f.witness_test) for f in self._findings) >= (
                MAX_WITNESSES):
            raise ActionError(f"at most {MAX_WITNESSES} findings of a review may carry a "
                              "witness_test")
        recorded = RecordedFinding(id=self._next_finding_id, **finding.model_dump())
        self._next_finding_id += 1
        self._findings.append(recorded)
        return f"finding {recorded.id} recorded ({len(self._findings)} in the review)"

    def _remove_finding(self, action: PythonAction) -> str:
        for i, finding in enumerate(self._findings):
            if finding.id == action.finding_id:
                del self._findings[i]
                return f"finding {action.finding_id} removed ({len(self._findings)} left)"
        raise ActionError(f"no finding with id {action.finding_id}")

    def _propose_patch(self, action: PythonAction) -> str:
        assert self._workspace is not None and action.path is not None
        if action.diff is not None:
            rel = self._workspace.apply_diff(action.path, action.diff)
        else:
            assert action.content is not None
            rel = self._workspace.write(action.path, action.content)
        return f"patched {rel}; run_tests to check it (hidden checks run at submit)"

    def _request_hint(self, action: PythonAction) -> str:
        assert self._task is not None
        task = self._task
        hints = [issue.hint for issue in task.issues] if task.issues else list(task.hints)
        if self._hints_used >= len(hints):
            return "no more hints"
        hint = hints[self._hints_used]
        self._hints_used += 1
        return f"hint {self._hints_used} (costs score): {hint}"
