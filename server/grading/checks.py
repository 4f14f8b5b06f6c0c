"""Hidden checks: run the task's probes in the sandbox and its static predicates outside it.

Each check yields one canonical JSON string. Deciding pass or fail is a string comparison with
the expected output, made here, outside the sandbox; the expected outputs never enter it. Nor
does the probes file: the sandbox sends each probe as its own unit (see probe_units.py), so the
code under review, run by one probe, cannot read the others. Static predicates ignore
suppression comments: a `# noqa` or `# nosec` does not fix anything.
"""

from __future__ import annotations

import dataclasses
import json
import shutil
from dataclasses import dataclass
from pathlib import Path

from ..analysis import analyse, fires
from ..files import materialize
from ..sandbox import Limits, Sandbox
from ..tasks.model import Task, probe_names


def canonical(value: object) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=True)


@dataclass
class CheckRun:
    status: str  # the sandbox job's status: ok | timeout | killed | crashed
    outputs: dict[str, str]  # check id -> canonical output
    wall_ms: float
    detail: str = ""


def task_limits(task: Task, limits: Limits, items: int | None = None) -> Limits:
    """`limits`, stretched to what the task's checks need (real packages' test modules): each of
    `items` (default: its checks; or a run of that many visible test modules, which one pytest
    session runs) gets the task's check timeout."""
    if task.check_timeout_s is None or task.check_timeout_s <= limits.item_timeout_s:
        return limits
    count = len(probe_names(task.probes_source)) if items is None else items
    return dataclasses.replace(
        limits, item_timeout_s=task.check_timeout_s,
        wall_s=max(limits.wall_s, count * task.check_timeout_s + 10.0),
        cpu_s=max(limits.cpu_s, int(count * task.check_timeout_s) + 10))


def run_checks(task: Task, root: Path, sandbox: Sandbox, limits: Limits | None = None) -> CheckRun:
    names = probe_names(task.probes_source)
    limits = task_limits(task, limits or sandbox.limits)
    job = sandbox.run(
        root, {"mode": "probes", "source": task.probes_source, "checks": names}, limits
    )
    outputs = {
        name: canonical(job.results.get(name, {"error": job.status})) for name in names
    }
    if task.static_checks:
        files = sorted({check.file for check in task.static_checks})
        diagnostics = analyse(root, files, suppressions=False)
        for check in task.static_checks:
            outputs[check.id] = canonical({"fires": fires(diagnostics, check.tool, check.rule,
                                                          check.file)})
    return CheckRun(job.status, outputs, job.wall_ms, job.detail)


def run_checks_on(task: Task, tree: dict[str, str], sandbox: Sandbox,
                  limits: Limits | None = None) -> CheckRun:
    """run_checks on a file tree: written to a temporary directory, removed afterwards."""
    root = materialize(tree)
    try:
        return run_checks(task, root, sandbox, limits)
    finally:
        shutil.rmtree(root, ignore_errors=True)
