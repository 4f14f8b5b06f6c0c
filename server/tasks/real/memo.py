"""A sandbox that answers a job it has already run on identical files from memory.

Tasks of one PR share trees (the release, the base, their rewrites): the first task's runs serve
the others, and a kept mutant's selection run serves its validation. Nothing validation compares
is one run answered twice: it compares each tree's run with the run of the tree's witness
rewrite (validate.py), other files and so another job. Only finished jobs are kept, and the
limits are not part of the key: a job that finished within the tight limits of a mutant's
selection run (pr_tasks.py) answers the same under the task's.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from ...sandbox import JobResult, Limits, Sandbox


class Memo:
    def __init__(self, sandbox: Sandbox):
        self.sandbox = sandbox
        self.limits = sandbox.limits
        self.runs = 0  # jobs that reached the sandbox (the rest were answered from memory)
        self._results: dict[str, JobResult] = {}

    @staticmethod
    def _key(workspace: Path, job: dict) -> str:
        digest = hashlib.sha256(json.dumps(job, sort_keys=True).encode())
        probes = job.get("mode") == "probes"
        for path in sorted(workspace.rglob("*")):
            # Probes run their own copy of the suite: the workspace's tests/ cannot change them.
            if path.is_file() and not (probes and path.relative_to(workspace).parts[0] == "tests"):
                digest.update(path.relative_to(workspace).as_posix().encode() + b"\0")
                digest.update(path.read_bytes() + b"\0")
        return digest.hexdigest()

    def run(self, workspace: Path, job: dict, limits: Limits | None = None) -> JobResult:
        key = self._key(workspace, job)
        if key in self._results:
            return self._results[key]
        self.runs += 1
        result = self.sandbox.run(workspace, job, limits)
        if result.status == "ok":
            self._results[key] = result
        return result
