"""The `run_tests` action: the workspace's visible tests, run in the sandbox.

The result is information for the reviewer, never the grade (the code under test could forge an
in-process verdict); the grade comes from hidden probes compared outside the sandbox.
"""

from __future__ import annotations

from pathlib import PurePosixPath

from .grading.checks import task_limits
from .sandbox import Sandbox
from .tasks.model import Task
from .workspace import Workspace


def test_files(files: dict[str, str]) -> list[str]:
    return sorted(
        p for p in files
        if p.startswith("tests/") and p.endswith(".py") and PurePosixPath(p).name.startswith("test")
    )


def run_visible_tests(workspace: Workspace, sandbox: Sandbox, task: Task) -> str:
    """The task's check timeout applies to each module (a real package's can take seconds)."""
    files = test_files(workspace.files)
    if not files:
        return "no visible tests in tests/"
    job = sandbox.run(workspace.root, {"mode": "tests", "files": files},
                      task_limits(task, sandbox.limits, len(files)))
    if job.status != "ok":
        tail = job.stderr.strip().splitlines()[-5:]
        return f"test run {job.status}: {job.detail}\n" + "\n".join(tail)
    counts = {"passed": 0, "failed": 0, "error": 0, "skipped": 0}
    lines = []
    for path in files:
        result = job.results.get(path, {})
        if "tests" not in result:
            counts["error"] += 1
            problem = result.get("raises") or result.get("error") or "no result"
            lines.append(f"ERROR {path}: could not run ({problem})")
            continue
        for test in result["tests"]:
            counts[test["outcome"]] += 1
            if test["outcome"] in ("failed", "error"):
                lines.append(f"{test['outcome'].upper()} {path}::{test['id']}: {test['message']}")
    skipped = f", {counts['skipped']} skipped" if counts["skipped"] else ""
    summary = (f"{counts['passed']} passed, {counts['failed']} failed, {counts['error']} errors"
               f"{skipped} ({job.wall_ms:.0f} ms)")
    return "\n".join([summary, *lines])
