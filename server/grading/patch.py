"""Verifying the reviewer's patch with the task's hidden checks.

Fail-to-pass probes must now produce the reference fix's output; pass-to-pass checks must keep
producing it. The comparison is canonical-JSON equality, made here, outside the sandbox.

Only probes decide what a patch fixes: a static predicate that stops firing shows that the
analyser no longer sees the pattern, not that the defect is gone (the call can be hidden from the
linter with the same behaviour, and a correct fix may keep a flagged call), so fail-to-pass
static checks count neither in the patch part nor in whether an issue is fixed. Validation
makes every issue carry a fail-to-pass probe.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ...models import PatchResult
from ..sandbox import Sandbox
from ..tasks.model import Task
from .checks import run_checks


@dataclass
class PatchOutcome:
    result: PatchResult
    wall_ms: float = 0.0
    passing: frozenset[str] = field(default_factory=frozenset)  # checks giving the fix's output

    @property
    def score(self) -> float:
        """Fraction of fail-to-pass checks fixed, gated on every pass-to-pass check passing."""
        r = self.result
        if r.status != "ok" or r.pass_to_pass_passed < r.pass_to_pass_total:
            return 0.0
        if r.fail_to_pass_total == 0:
            return 1.0
        return r.fail_to_pass_passed / r.fail_to_pass_total

    def fixes(self, witnesses: tuple[str, ...]) -> bool:
        """Whether the patch fixes an issue: its fail-to-pass witnesses now give the fix's
        output, and the gate holds (every pass-to-pass check still passes)."""
        if self.score == 0.0 or not self.result.evaluated:
            return False
        return bool(witnesses) and all(w in self.passing for w in witnesses)

    @property
    def no_regression(self) -> bool:
        r = self.result
        return r.status in ("ok", "unchanged") and r.pass_to_pass_passed == r.pass_to_pass_total


def verify_patch(task: Task, root: Path, changed: bool, sandbox: Sandbox) -> PatchOutcome:
    derived = task.derived
    if derived is None:
        raise RuntimeError(f"task {task.id} has no expected.json: run `python-env tasks validate`")
    static = {check.id for check in task.static_checks}
    f2p = tuple(c for c in derived.fail_to_pass if c not in static)
    p2p = derived.pass_to_pass
    if not changed:
        # The head's outputs are known: f2p checks fail on it by definition, p2p checks pass.
        return PatchOutcome(PatchResult(
            evaluated=False, status="unchanged", fail_to_pass_passed=0,
            fail_to_pass_total=len(f2p), pass_to_pass_passed=len(p2p),
            pass_to_pass_total=len(p2p),
        ))
    run = run_checks(task, root, sandbox)
    status = run.status if run.status != "killed" else "crashed"

    passing = frozenset(
        c for c in (*f2p, *p2p)
        if run.status == "ok" and run.outputs.get(c) == derived.expected[c]
    )

    def passed(ids: tuple[str, ...]) -> int:
        return sum(c in passing for c in ids)

    return PatchOutcome(
        PatchResult(
            evaluated=True, status=status, fail_to_pass_passed=passed(f2p),
            fail_to_pass_total=len(f2p), pass_to_pass_passed=passed(p2p),
            pass_to_pass_total=len(p2p),
        ),
        run.wall_ms,
        passing,
    )
