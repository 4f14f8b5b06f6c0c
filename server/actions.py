"""What each action does: one plain function `(episode, action) -> output` per row of the table.

`HANDLERS` is built from `action_table.ACTIONS`: a row without a handler (or a handler for no
row) fails at import, so adding an action is one row there and one function here. A handler
raises `ActionError` (or a workspace/sandbox error) for an action it cannot carry out; `run`
turns that into the observation's `last_action_error` and keeps the session usable.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from typing import TypeVar

from ..action_table import ACTIONS, ActionSpec
from ..models import PythonAction, RecordedFinding
from .analysis import analyse
from .episode import Episode
from .fair_slots import SandboxBusy
from .sandbox import shared_sandbox
from .tasks.model import line_count
from .visible_tests import run_visible_tests
from .workspace import WorkspaceError

log = logging.getLogger(__name__)
MAX_FINDINGS = 50
# Witness tests run in the sandbox at submit (a few jobs each), and each proven or unproven one
# tells the reviewer one bit about the reference fix: both are kept small.
MAX_WITNESSES = 5

Handler = Callable[[Episode, PythonAction], str]
T = TypeVar("T")


class ActionError(ValueError):
    """The action was well-formed but cannot be carried out; shown as last_action_error."""


def given(value: T | None, name: str) -> T:
    """A field the action's validation already required: refuse clearly if it is not there."""
    if value is None:
        raise ActionError(f"missing field: {name}")
    return value


_HANDLERS: dict[str, Handler] = {}


def handles(name: str) -> Callable[[Handler], Handler]:
    """Register the decorated function as the handler of the action type `name`."""
    def register(function: Handler) -> Handler:
        if name in _HANDLERS:
            raise ValueError(f"two handlers for {name!r}")
        _HANDLERS[name] = function
        return function
    return register


def registry(specs: Iterable[ActionSpec], handlers: dict[str, Handler]) -> dict[str, Handler]:
    """The handler of every row of `specs`, in the table's order; refuses any mismatch."""
    names = [spec.name for spec in specs]
    missing = [name for name in names if name not in handlers]
    unknown = sorted(set(handlers) - set(names))
    if missing or unknown:
        raise LookupError(f"action table and handlers disagree: no handler for {missing}, "
                          f"handlers for no action {unknown}")
    return {name: handlers[name] for name in names}


def run(episode: Episode, action: PythonAction) -> tuple[str, str | None]:
    """Carry out `action`: its output, and why it failed (None when it succeeded)."""
    try:
        return HANDLERS[action.action_type](episode, action), None
    except (ActionError, WorkspaceError, SandboxBusy) as exc:
        return "", str(exc)
    except Exception as exc:  # a handler failure must not become a 500
        log.exception("action %s failed", action.action_type)
        return "", f"internal error while handling {action.action_type}: {type(exc).__name__}"


# ----------------------------------------------------------------------------- the handlers
@handles("read_file")
def read_file(episode: Episode, action: PythonAction) -> str:
    return episode.workspace.read(given(action.path, "path"), action.start_line,
                                  action.end_line)


@handles("search")
def search(episode: Episode, action: PythonAction) -> str:
    return episode.workspace.search(given(action.pattern, "pattern"))


@handles("run_tests")
def run_tests(episode: Episode, action: PythonAction) -> str:
    return run_visible_tests(episode.workspace, shared_sandbox(), episode.task)


@handles("run_static_analysis")
def run_static_analysis(episode: Episode, action: PythonAction) -> str:
    files = [p for p in episode.task.changed_files if p in episode.workspace.files]
    diagnostics = analyse(episode.workspace.root, files)
    if not diagnostics:
        return f"ruff and bandit report nothing on {', '.join(files)}"
    return "\n".join(d.render() for d in diagnostics)


@handles("add_finding")
def add_finding(episode: Episode, action: PythonAction) -> str:
    finding = given(action.finding, "finding")
    text = episode.task.head.get(finding.file)
    if text is None:
        raise ActionError(f"no such file: {finding.file!r} (see the file list)")
    length = line_count(text)
    if (finding.end_line or finding.line) > length:
        raise ActionError(f"{finding.file} has {length} lines; the finding points past them")
    findings = episode.findings
    if len(findings) >= MAX_FINDINGS:
        raise ActionError(f"a review holds at most {MAX_FINDINGS} findings")
    if finding.witness_test and sum(bool(f.witness_test) for f in findings) >= MAX_WITNESSES:
        raise ActionError(f"at most {MAX_WITNESSES} findings of a review may carry a "
                          "witness_test")
    recorded = RecordedFinding(id=episode.next_finding_id, **finding.model_dump())
    episode.next_finding_id += 1
    findings.append(recorded)
    return f"finding {recorded.id} recorded ({len(findings)} in the review)"


@handles("remove_finding")
def remove_finding(episode: Episode, action: PythonAction) -> str:
    for i, finding in enumerate(episode.findings):
        if finding.id == action.finding_id:
            del episode.findings[i]
            return f"finding {action.finding_id} removed ({len(episode.findings)} left)"
    raise ActionError(f"no finding with id {action.finding_id}")


@handles("propose_patch")
def propose_patch(episode: Episode, action: PythonAction) -> str:
    path = given(action.path, "path")
    if action.diff is not None:
        rel = episode.workspace.apply_diff(path, action.diff)
    else:
        rel = episode.workspace.write(path, given(action.content, "content"))
    return f"patched {rel}; run_tests to check it (hidden checks run at submit)"


@handles("request_hint")
def request_hint(episode: Episode, action: PythonAction) -> str:
    task = episode.task
    hints = [issue.hint for issue in task.issues] if task.issues else list(task.hints)
    if episode.hints_used >= len(hints):
        return "no more hints"
    hint = hints[episode.hints_used]
    episode.hints_used += 1
    return f"hint {episode.hints_used} (costs score): {hint}"


@handles("submit")
def submit(episode: Episode, action: PythonAction) -> str:
    # Grading is the step's job (the table marks submit as ending the episode), so that a
    # grading failure keeps the episode open.
    return "review submitted"


HANDLERS: dict[str, Handler] = registry(ACTIONS, _HANDLERS)
