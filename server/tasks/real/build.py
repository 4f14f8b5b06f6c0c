"""`python-env tasks build-real`: tasks from real releases, built into a local cache.

For each pull request (pulls.py: the change between two consecutive pinned releases),
pr_tasks.py:

1. the hidden checks are the new release's test modules that exercise the changed code, one
   probe each (probes.py); they run on the release (the reference fix) and only units whose
   every test passes or skips there are kept, of those the ones that reach the changed code
   plus a few guards, never one pinned as slow (relevance.py); each group gets a sentinel
   (sentinels.py), a negated copy of one of its tests that must fail on the release (a few
   tries if one passes);
2. they run on the old release (the base): the checks whose output differs there are what make
   reverting the PR fail; a PR with none is dropped;
3. mutation sites on lines the PR adds or changes that the hidden tests can reach (draws.py,
   a static filter: nothing runs for a site no test names) are drawn in a seeded order, one
   kind after another, those likely to make a task first (executed.py traces which checks run
   each line), and a mutant is kept when at least one check's output changes
   (fail-to-pass: the tests that break) while a check that reverting the PR would fail still
   passes (pass-to-pass), every check finishes, the mutant's lines are `+` lines of the diff,
   and every sentinel still fails; up to `MUTANTS_PER_PR` per PR, out of `TRIES_PER_PR` runs;
4. one clean task per PR: the release itself, no defect;
5. every task is validated as the bank's are (`validate.derive`: parse, determinism of the
   head, witnesses, p2p, visible tests pass on the fix, the witness rewrite) and written only
   if it passes.

The reviewer's `tests/` are the suite's support files and the test modules that pass on the
head (so `run_tests` runs the package's tests under pytest without pointing at the defect);
the modules that break stay hidden.

Determinism: the same pins give the same tasks on a machine where every test finishes within
its limit; the draw order is seeded by the PR's id. Sandbox results are memoised per PR
(memo.py) for the trees several tasks share (the release, the base, their rewrites) and for a
kept mutant's head; validation's second run of a head is its witness rewrite, another job (the
determinism check, validate.py). PRs are built `jobs` + 1 at a time on `jobs` sandbox slots,
largest suite first, so that the slowest PR does not start last.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from ...mutators import KINDS
from ...sandbox import Sandbox
from ..model import Task
from .pr_tasks import MUTANTS_PER_PR, TRIES_PER_PR, PrReport, build_pr
from .pulls import PullRequest, pull_requests
from .sources import load_packages

FORMAT_VERSION = 2  # 2: checks carry sentinels
# The builder's modules: a change to any of them rebuilds every PR (see `_stamp`).
CODE = ("build.py", "pr_tasks.py", "draws.py", "memo.py", "outcomes.py", "task_parts.py",
        "probes.py", "pulls.py", "layout.py", "sentinels.py", "differential.py",
        "executed.py", "relevance.py")

__all__ = ["BuildSummary", "PrReport", "build", "build_pr", "clear", "write_pr"]


# ------------------------------------------------------------------------------ the cache


def write_pr(root: Path, pr: PullRequest, tasks: list[Task]) -> None:
    """One JSON file per PR: the shared trees once, then each task's own parts."""
    records = []
    for task in tasks:
        assert task.derived is not None
        records.append({
            "id": task.id,
            "mutated": {p: t for p, t in task.head_changes.items() if pr.changes.get(p) != t},
            "fix": task.fix_changes,
            "visible": sorted(task.visible_tests),
            "issues": [issue.__dict__ | {"also": list(issue.also)} for issue in task.issues],
            "hints": list(task.hints),
            "derived": {"expected": task.derived.expected, "head": task.derived.head,
                        "base": task.derived.base,
                        "fail_to_pass": list(task.derived.fail_to_pass),
                        "pass_to_pass": list(task.derived.pass_to_pass)},
        })
    first = tasks[0]
    data = {
        "format": FORMAT_VERSION, "id": pr.id, "package": pr.package, "license": pr.license,
        "old": pr.old, "new": pr.new, "title": pr.title, "description": pr.description,
        "base": pr.base, "changes": pr.changes, "tests": pr.tests,
        "probes": first.probes_source, "tags": list(first.tags),
        "check_timeout_s": first.check_timeout_s, "max_steps": first.max_steps,
        "tasks": records,
    }
    folder = root / "prs"
    folder.mkdir(parents=True, exist_ok=True)
    partial = folder / f".{pr.id}.{os.getpid()}.json"
    partial.write_text(json.dumps(data, sort_keys=True), encoding="utf-8")
    partial.replace(folder / f"{pr.id}.json")


@dataclass
class BuildSummary:
    prs: int = 0
    built: int = 0  # PRs that gave at least one task
    tasks: int = 0
    clean: int = 0
    rejected: int = 0
    skipped: dict[str, str] = field(default_factory=dict)
    seconds: float = 0.0
    cached: int = 0
    runs: int = 0  # sandbox jobs
    stages: dict[str, float] = field(default_factory=dict)  # seconds per stage, all PRs
    dropped: dict[str, int] = field(default_factory=dict)  # mutants run and dropped, by why

    def add(self, report: PrReport) -> None:
        self.runs += report.runs
        self.rejected += len(report.rejected)
        for stage, seconds in report.stages.items():
            self.stages[stage] = self.stages.get(stage, 0.0) + seconds
        for why, count in report.dropped.items():
            self.dropped[why] = self.dropped.get(why, 0) + count
        if report.tasks:
            self.built += 1
            self.tasks += len(report.tasks)
            self.clean += sum(1 for t in report.tasks if t.clean)


def _stamp(pr: PullRequest, mutants: int) -> str:
    """What a PR's cached tasks were built from: a rebuild happens when any of it changes."""
    code = [(Path(__file__).parent / name).read_text(encoding="utf-8") for name in CODE]
    digest = hashlib.sha256(json.dumps(
        [FORMAT_VERSION, mutants, TRIES_PER_PR, pr.base, pr.changes, pr.tests, pr.title,
         pr.description, sorted(KINDS), sorted(pr.slow), code], sort_keys=True).encode())
    return digest.hexdigest()[:16]


def _cached(cache: Path, prs: list[PullRequest], mutants: int, known: dict,
            summary: BuildSummary) -> list[tuple[PullRequest, str]]:
    """Counts the PRs whose cached result is current; returns the others, with their stamps,
    largest suite first."""
    todo = []
    for pr in prs:
        stamp = _stamp(pr, mutants)
        path = cache / "prs" / f"{pr.id}.json"
        if known.get(pr.id) == stamp and (path.is_file() or stamp in known.get("_empty", [])):
            summary.cached += 1
            if path.is_file():
                count = len(json.loads(path.read_text(encoding="utf-8"))["tasks"])
                summary.built += 1
                summary.tasks += count
                summary.clean += 1
        else:
            todo.append((pr, stamp))
    return sorted(todo, key=lambda item: -sum(map(len, item[0].tests.values())))


def _pull_requests(cache: Path, packages: list[str] | None,
                   only: list[str] | None) -> list[PullRequest]:
    """The chosen packages' PRs (downloads their sdists, a few packages at a time)."""
    chosen = [p for p in load_packages() if not packages or p.name in packages]
    unknown = set(packages or ()) - {p.name for p in chosen}
    if unknown:
        raise ValueError(f"unknown package(s) {sorted(unknown)}; see packages.toml")
    with ThreadPoolExecutor(max_workers=4) as pool:
        found = list(pool.map(lambda package: pull_requests(package, cache), chosen))
    return [pr for prs in found for pr in prs if not only or pr.id in only]


def build(cache: Path, packages: list[str] | None = None, jobs: int = 2,
          mutants: int = MUTANTS_PER_PR, sandbox: Sandbox | None = None,
          only: list[str] | None = None,
          on_progress: Callable[[str, int, int], None] | None = None) -> BuildSummary:
    """Download, build and validate; writes `<cache>/prs/<id>.json` per PR with tasks.

    `jobs`: sandbox jobs at once (the cores to use); `only`: build just these PR ids (e.g.
    `cachetools-8-0-1`) of the chosen packages."""
    started = time.monotonic()
    prs = _pull_requests(cache, packages, only)
    summary = BuildSummary(prs=len(prs))
    summary.stages["download"] = time.monotonic() - started
    sandbox = sandbox or Sandbox(workers=jobs)
    stamps = cache / "prs" / "stamps.json"
    known = json.loads(stamps.read_text(encoding="utf-8")) if stamps.is_file() else {}
    todo = _cached(cache, prs, mutants, known, summary)
    done = summary.cached
    if on_progress:
        on_progress("", done, len(prs))
    # One PR more than sandbox slots: a PR's work outside the sandbox (parsing, mutating,
    # writing trees, under the GIL) overlaps the others' jobs instead of leaving a core idle.
    with ThreadPoolExecutor(max_workers=max(1, jobs) + 1) as pool:
        futures = {pool.submit(build_pr, pr, sandbox, mutants): (pr, stamp)
                   for pr, stamp in todo}
        for future in as_completed(futures):
            pr, stamp = futures[future]
            report = future.result()
            summary.add(report)
            if report.tasks:
                write_pr(cache, pr, report.tasks)
            else:
                (cache / "prs" / f"{pr.id}.json").unlink(missing_ok=True)
                summary.skipped[pr.id] = report.skipped or "; ".join(report.rejected[:2])
                known.setdefault("_empty", []).append(stamp)
            known[pr.id] = stamp
            stamps.parent.mkdir(parents=True, exist_ok=True)
            stamps.write_text(json.dumps(known, indent=1, sort_keys=True), encoding="utf-8")
            done += 1
            if on_progress:
                outcome = (f"{len(report.tasks)} tasks" if report.tasks
                           else f"none ({summary.skipped[pr.id]})")
                on_progress(f"{pr.id}: {outcome}, {report.seconds:.0f} s", done, len(prs))
    # PRs no longer in the pinned list (or not asked for) stay; a full rebuild starts empty.
    summary.seconds = time.monotonic() - started
    return summary


def clear(cache: Path) -> None:
    shutil.rmtree(cache / "prs", ignore_errors=True)
