"""Every validated task of one pull request (see build.py for the steps)."""

from __future__ import annotations

import dataclasses
import time
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from ...grading.checks import CheckRun, run_checks_on, task_limits
from ...mutators import Mutation
from ...sandbox import Sandbox
from ..model import REAL_SPLIT, DerivedChecks, Task, probe_names
from ..pullrequest import pr_lines
from ...visible_tests import test_files
from ..validate import derive, visible_results
from . import differential, executed, outcomes
from . import sentinels as sentinel_tests
from .draws import WORD, draws, safe_first
from .memo import Memo
from .probes import groups, units_of
from .pulls import PullRequest
from .relevance import relevant_units
from .task_parts import CHECK_TIMEOUT_S, issue, skeleton, smoke_test, visible_modules, visible_tests

MUTANTS_PER_PR = 8  # with one clean task per PR: at least 1 in 9 clean (the build measures 15 % or more)
TRIES_PER_PR = 16
SENTINEL_TRIES = 3
# A mutant's selection run may take this many times the release's run (at least SELECT_MIN_S):
# a mutant that hangs a test costs that, not every check's full timeout. The run of a kept
# mutant is its head's run in validation, which adds the run of its witness rewrite.
SELECT_FACTOR = 3.0
SELECT_MIN_S = 3.0


@dataclass
class PrReport:
    pr: str
    tasks: list[Task] = field(default_factory=list)
    rejected: list[str] = field(default_factory=list)  # task ids and why
    skipped: str = ""  # why the PR gave no task
    sentinels: int = 0
    seconds: float = 0.0
    runs: int = 0  # sandbox jobs run (the rest were answered from memory)
    stages: dict[str, float] = field(default_factory=dict)  # seconds per stage
    dropped: dict[str, int] = field(default_factory=dict)  # mutants run and dropped, by why


@dataclass
class Release:
    """The release's checks, as the PR's tasks share them."""
    clean: Task
    fix: CheckRun
    sentinels: set[str]
    revert_fails: set[str]
    guarded: set[str]  # checks a forged pytest verdict cannot meet: a sentinel, or no pytest


def build_pr(pr: PullRequest, sandbox: Sandbox, mutants: int = MUTANTS_PER_PR) -> PrReport:
    """Every validated task of one PR (runs the sandbox; blocking)."""
    started = time.monotonic()
    report = PrReport(pr.id)
    memo = Memo(sandbox)
    release = _release(pr, memo, report)
    report.stages["release"] = time.monotonic() - started
    if release is not None:
        at = time.monotonic()
        candidates = _select(pr, release, memo, mutants, report)
        report.stages["mutants"] = time.monotonic() - at
        at = time.monotonic()
        _validate(candidates, release.clean, memo, report)
        report.stages["validate"] = time.monotonic() - at
    report.runs = memo.runs
    report.seconds = time.monotonic() - started
    return report


def _release_run(pr: PullRequest, memo: Memo, extra: str) -> tuple[CheckRun, list[str]]:
    """The PR's test modules on the release; the units that pass there."""
    probe = skeleton(pr, pr.modules, extra=extra)
    fix = run_checks_on(probe, probe.fixed, memo)
    kept: list[str] = []
    if fix.status == "ok":
        kept, pr.hidden = outcomes.passing_units(probe.probes_source, fix.outputs, pr.modules)
    return fix, kept


def _first_run(pr: PullRequest, memo: Memo, extra: str,
               report: PrReport) -> tuple[CheckRun, list[str]] | None:
    """The release's run that picks the units; None, with why, if none passes."""
    fix, kept = _release_run(pr, memo, extra)
    if fix.status == "ok" and not kept and any(p.endswith("conftest.py") for p in pr.tests):
        # An old conftest.py that today's pytest refuses (hooks with removed arguments): the
        # suite without it may still run.
        pr.tests = {p: t for p, t in pr.tests.items() if not p.endswith("conftest.py")}
        fix, kept = _release_run(pr, memo, extra)
    if fix.status != "ok":
        report.skipped = f"tests on the release: {fix.status} {fix.detail}"
        return None
    if not kept:
        report.skipped = "no test module passes on the release"
        return None
    return fix, kept


def _passes_all(fix: CheckRun, checks: list[str], sentinels: set[str]) -> bool:
    """Every check finished on the release; every test passed there and every sentinel failed."""
    return fix.status == "ok" and all(
        outcomes.passes(fix.outputs[c], sentinels) if c != differential.NAME
        else outcomes.finished(fix.outputs[c]) for c in checks)


def _release(pr: PullRequest, memo: Memo, report: PrReport) -> Release | None:
    """The checks (with sentinels) on the release and the base; None, with why, if unusable."""
    found = differential.calls(pr, [pr.tests[m] for m in pr.modules])
    extra = differential.probe_source(found)
    first = _first_run(pr, memo, extra, report)
    if first is None:
        return None
    kept = relevant_units(pr, [u for u in first[1] if not pr.is_slow(u)])
    passed = outcomes.passed_tests(first[0].outputs)
    clean, fix, sentinels = _with_sentinels(pr, kept, passed, memo, extra)
    if found and fix.status == "ok":
        # Differential calls whose results differ between two runs of the release are dropped.
        stable = differential.stable(found, [first[0].outputs[differential.NAME],
                                             fix.outputs[differential.NAME]])
        if stable != found:
            extra = differential.probe_source(stable)
            clean, fix, sentinels = _with_sentinels(pr, kept, passed, memo, extra)
    base = run_checks_on(clean, clean.base_tree, memo)
    checks = probe_names(clean.probes_source)
    if base.status != "ok" or not _passes_all(fix, checks, sentinels):
        report.skipped = f"tests on the release or base: {fix.status}/{base.status}"
        return None
    revert_fails = {c for c in checks if base.outputs[c] != fix.outputs[c]}
    if not revert_fails:
        report.skipped = "no test tells the release from the one before: a revert would pass"
        return None
    report.sentinels = len(sentinels)
    guarded = {c for c in checks if c == differential.NAME or any(
        sentinel_tests.key(n) in sentinels for n, _ in outcomes.tests_of(fix.outputs[c]) or [])}
    return Release(clean, fix, sentinels, revert_fails, guarded)


def _with_sentinels(pr: PullRequest, kept: list[str], passed: list[str],
                    memo: Memo, extra: str) -> tuple[Task, CheckRun, set[str]]:
    """One sentinel per group (sentinels.py); one that does not fail on the release is
    replaced by another test's copy, up to SENTINEL_TRIES tries."""
    excluded: set[str] = set()
    for _ in range(SENTINEL_TRIES):
        files, grouped, sentinels = sentinel_tests.add(pr.tests, groups(kept), passed, pr.id,
                                                       frozenset(excluded))
        clean = skeleton(pr, kept, files, grouped, extra)
        fix = run_checks_on(clean, clean.fixed, memo)
        bad = outcomes.not_failing(fix.outputs, sentinels) if fix.status == "ok" else set()
        if not bad:
            break
        excluded |= {outcomes.source_of(s) for s in bad}
    return clean, fix, sentinels


def _select(pr: PullRequest, release: Release, memo: Memo, mutants: int,
            report: PrReport) -> list[Task]:
    """Up to `mutants` buggy tasks, out of at most TRIES_PER_PR sandbox runs of mutants."""
    tested = sorted({u.split("::")[0] for us in units_of(release.clean.probes_source).values()
                     for u in us})
    tries = 0
    candidates: list[Task] = []
    places: set[tuple[str, str, str]] = set()
    by_check = executed.lines_by_check(release.clean, memo)
    order = draws(pr, [pr.tests[m] for m in tested if m in pr.tests],
                  None if by_check is None else executed.union(by_check))
    if by_check is not None:
        order = safe_first(order, pr.changes, by_check, probe_names(release.clean.probes_source),
                           release.revert_fails, release.guarded)
    for mutation in order:
        if len(candidates) >= mutants or tries >= TRIES_PER_PR:
            break
        if (mutation.path, mutation.func, mutation.kind) in places:
            continue  # another site of a kind already kept in that function: near-duplicate
        head = _mutant_head(pr, release.clean, mutation)
        if head is None:
            continue  # rejected before running anything: not a try
        tries += 1
        task = _mutant_task(pr, release, mutation, head, memo, len(candidates), report)
        if task is not None:
            candidates.append(task)
            places.add((mutation.path, mutation.func, mutation.kind))
    return candidates


def _mutant_head(pr: PullRequest, clean: Task, mutation: Mutation) -> dict[str, str] | None:
    """The head with the mutation, if it compiles and shows among the diff's + lines."""
    original = pr.changes[mutation.path]
    mutant = mutation.apply(original)
    if mutant == original:
        return None
    try:
        compile(mutant, mutation.path, "exec", dont_inherit=True)
    except (SyntaxError, ValueError):
        return None
    start, end = mutation.head_span(mutant)
    if not pr_lines(pr.base.get(mutation.path), mutant) & set(range(start, end + 1)):
        return None
    return dict(clean.head) | {mutation.path: mutant}


def _unusable(run: CheckRun, checks: list[str], release: Release, differing: list[str],
              agreeing: list[str]) -> str:
    """Why a mutant's run does not make a task ("" if it does)."""
    if run.status != "ok" or not all(outcomes.finished(run.outputs[c]) for c in checks):
        return "a check does not finish"
    if not outcomes.sentinels_fail(run.outputs, release.sentinels):
        return "a sentinel passes"  # it would read as a fixed test
    if not differing:
        return "no check changes"
    if not set(differing) <= release.guarded:
        return "a check it changes has no sentinel"  # a forged pytest verdict would match it
    if not release.revert_fails & set(agreeing):
        return "every check a revert fails changes"
    return ""


def _mutant_task(pr: PullRequest, release: Release, mutation: Mutation, head: dict[str, str],
                 memo: Memo, number: int, report: PrReport) -> Task | None:
    clean = release.clean
    limits = task_limits(clean, memo.limits)
    wall = max(SELECT_MIN_S, SELECT_FACTOR * release.fix.wall_ms / 1000)
    run = run_checks_on(clean, head, memo, dataclasses.replace(limits, wall_s=min(
        limits.wall_s, wall)))
    checks = probe_names(clean.probes_source)
    expected = release.fix.outputs
    differing = [c for c in checks if run.outputs[c] != expected[c]]
    agreeing = [c for c in checks if run.outputs[c] == expected[c]]
    why = _unusable(run, checks, release, differing, agreeing)
    if why:
        report.dropped[why] = report.dropped.get(why, 0) + 1
        return None
    by_check = units_of(clean.probes_source)
    failing = {u.split("::")[0] for c in differing for u in by_check.get(c, ())}
    visible = visible_tests(pr, [m for m in visible_modules(
        pr, [u for c in agreeing for u in by_check.get(c, ())]) if m not in failing])
    if not any(p.rsplit("/", 1)[-1].startswith("test") for p in visible if p.endswith(".py")):
        visible["tests/test_imports.py"] = smoke_test(pr)
    mutant = head[mutation.path]
    changes = dict(pr.changes) | {mutation.path: mutant}
    return Task(
        id=f"real-{pr.id}-{number + 1}", title=clean.title, description=clean.description,
        difficulty="hard", split=REAL_SPLIT, base=pr.base, head_changes=changes,
        fix_changes={mutation.path: pr.changes[mutation.path]}, visible_tests=visible,
        probes_source=clean.probes_source, static_checks=(),
        issues=(issue(mutation, mutant, differing),), hints=(),
        max_steps=clean.max_steps, tags=clean.tags, check_timeout_s=CHECK_TIMEOUT_S,
    )


def _validate(candidates: list[Task], clean: Task, memo: Memo, report: PrReport) -> None:
    """`validate.derive` on each task, as for the bank's tasks; the ones that pass are kept.

    The visible tests on the fix run once per PR: every task's fix is the release, and a buggy
    task's visible modules (those of the checks its mutant leaves alone, less any that fail on
    it) are among the clean task's, whose conftest.py deselects the same slow units of each
    module; the clean task's run answers for the modules a task shares with it (see _answered)."""
    status, results = visible_results(clean, memo)
    for task in [*candidates, clean]:
        result = derive(task, memo, _answered(task, clean, results) if status == "ok" else None)
        if not result.ok or result.derived is None:
            report.rejected.append(f"{task.id}: {result.errors[0] if result.errors else '?'}")
            continue
        task.derived = DerivedChecks(
            expected=result.derived["expected"], head=result.derived["head"],
            fail_to_pass=tuple(result.derived["fail_to_pass"]),
            pass_to_pass=tuple(result.derived["pass_to_pass"]), base=result.derived["base"])
        report.tasks.append(task)


def _answered(task: Task, clean: Task, results: dict) -> dict | None:
    """The clean task's visible-test records that hold for `task`: those of the modules with
    the same text, unless a file of the task's tests names a test module the task lacks (one
    test module importing another, `from tests import test_idna`), when its own run decides."""
    lacking = {PurePosixPath(p).stem for p in test_files(clean.visible_tests)
               if p not in task.visible_tests}
    if any(lacking & set(WORD.findall(text)) for text in task.visible_tests.values()):
        return None
    return {path: record for path, record in results.items()
            if task.visible_tests.get(path) == clean.visible_tests.get(path)}
