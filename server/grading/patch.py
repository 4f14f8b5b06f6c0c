"""Verifying the reviewer's patch with the task's hidden checks.

Fail-to-pass checks must now produce the reference fix's output; pass-to-pass checks must keep
producing it. The comparison is canonical-JSON equality, made here, outside the sandbox.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ...models import PatchResult
from ..sandbox import Sandbox
from ..tasks.model import Task
from .checks import run_checks


@dataclass
class PatchOutcome:
    result: PatchResult
    wall_ms: float = 0.0

    @property
    def score(self) -> float:
        """Fraction of fail-to-pass checks fixed, gated on every pass-to-pass check passing."""
        r = self.result
        if r.status != "ok" or r.pass_to_pass_passed < r.pass_to_pass_total:
            return 0.0
        if r.fail_to_pass_total == 0:
            return 1.0
        return r.fail_to_pass_passed / r.fail_to_pass_total

    @property
    def no_regression(self) -> bool:
        r = self.result
        return r.status in ("ok", "unchanged") and r.pass_to_pass_passed == r.pass_to_pass_total


def verify_patch(task: Task, root: Path, changed: bool, sandbox: Sandbox) -> PatchOutcome:
    derived = task.derived
    if derived is None:
        raise RuntimeError(f"task {task.id} has no expected.json: run `python-env tasks validate`")
    f2p, p2p = derived.fail_to_pass, derived.pass_to_pass
    if not changed:
        # The head's outputs are known: f2p checks fail on it by definition, p2p checks pass.
        return PatchOutcome(PatchResult(
            evaluated=False, status="unchanged", fail_to_pass_passed=0,
            fail_to_pass_total=len(f2p), pass_to_pass_passed=len(p2p),
            pass_to_pass_total=len(p2p),
        ))
    run = run_checks(task, root, sandbox)
    status = run.status if run.status != "killed" else "crashed"

    def passed(ids: tuple[str, ...]) -> int:
        if run.status != "ok":
            return 0
        return sum(run.outputs.get(c) == derived.expected[c] for c in ids)

    return PatchOutcome(
        PatchResult(
            evaluated=True, status=status, fail_to_pass_passed=passed(f2p),
            fail_to_pass_total=len(f2p), pass_to_pass_passed=passed(p2p),
            pass_to_pass_total=len(p2p),
        ),
        run.wall_ms,
    )
