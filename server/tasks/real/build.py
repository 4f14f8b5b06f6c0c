"""`python-env tasks build-real`: tasks from real releases, built into a local cache.

For each pull request (pulls.py: the change between two consecutive pinned releases):

1. the hidden checks are the new release's test modules that exercise the changed code, one
   probe each (probes.py); they run on the release (the reference fix) and only modules whose
   every test passes or skips there are kept; each group gets a sentinel (sentinels.py), a
   negated copy of one of its tests that must fail on the release (a few tries if one passes);
2. they run on the old release (the base): the checks whose output differs there are what make
   reverting the PR fail; a PR with none is dropped;
3. mutation sites (`find_sites`) on lines the PR adds or changes are drawn in a seeded order,
   one kind after another, and a mutant is kept when at least one check's output changes
   (fail-to-pass: the tests that break) while a check that reverting the PR would fail still
   passes (pass-to-pass), every check finishes, and the mutant's lines are `+` lines of the
   diff, and every sentinel still fails; up to `MUTANTS_PER_PR` per PR, out of `TRIES_PER_PR`
   draws;
4. one clean task per PR: the release itself, no defect;
5. every task is validated as the bank's are (`validate.derive`: parse, determinism of the
   head, witnesses, p2p, visible tests pass on the fix, the witness rewrite) and written only
   if it passes.

The reviewer's `tests/` are the suite's support files and the test modules that pass on the
head (so `run_tests` runs the package's tests under pytest without pointing at the defect);
the modules that break stay hidden.

Determinism: the same pins give the same tasks on a machine where every test finishes within
its limit; the draw order is seeded by the PR's id. Sandbox results are memoised per PR for the
trees several tasks share (the release, the base, their rewrites), never twice for one task, so
a task's head is still run twice (the determinism check).
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import shutil
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from ...grading.checks import run_checks_on
from ...mutators import KINDS, Mutation, find_sites
from ...sandbox import JobResult, Limits, Sandbox
from ..model import REAL_SPLIT, DerivedChecks, ReferenceIssue, Task, probe_names
from ..pullrequest import pr_lines
from ..validate import derive
from . import sentinels as sentinel_tests
from .probes import MAX_CHECKS, groups, probes_source, unit_of, units_of
from .pulls import PullRequest, pull_requests, slug
from .sources import load_packages

MUTANTS_PER_PR = 4  # with one clean task per PR: 20 % clean
TRIES_PER_PR = 10
CHECK_TIMEOUT_S = 20.0  # one test module under pytest, on a loaded 2-core machine
MAX_STEPS = 40
FORMAT_VERSION = 2  # 2: checks carry sentinels
CLEAN_HINT = ("The package's own tests pass on this release: look for a change whose behaviour "
              "differs from what its changelog entry and docstrings promise.")


@dataclass
class PrReport:
    pr: str
    tasks: list[Task] = field(default_factory=list)
    rejected: list[str] = field(default_factory=list)  # task ids and why
    skipped: str = ""  # why the PR gave no task
    sentinels: int = 0
    seconds: float = 0.0


class _Memo:
    """A sandbox that answers a job it has already run on identical files, once per owner.

    Tasks of one PR share trees (the release, the base, their rewrites): the first task's runs
    serve the others. An owner (a task) never gets the same answer twice, so the two runs of
    its head that validation compares are two runs of the sandbox, or one plus the run that
    selected the mutant.
    """

    def __init__(self, sandbox: Sandbox):
        self.sandbox = sandbox
        self.limits = sandbox.limits
        self.owner = ""
        self._results: dict[str, JobResult] = {}
        self._served: set[tuple[str, str]] = set()

    @staticmethod
    def _key(workspace: Path, job: dict, limits: Limits | None) -> str:
        digest = hashlib.sha256(json.dumps([job, repr(limits)], sort_keys=True).encode())
        probes = job.get("mode") == "probes"
        for path in sorted(workspace.rglob("*")):
            # Probes run their own copy of the suite: the workspace's tests/ cannot change them.
            if path.is_file() and not (probes and path.relative_to(workspace).parts[0] == "tests"):
                digest.update(path.relative_to(workspace).as_posix().encode() + b"\0")
                digest.update(path.read_bytes() + b"\0")
        return digest.hexdigest()

    def run(self, workspace: Path, job: dict, limits: Limits | None = None) -> JobResult:
        key = self._key(workspace, job, limits)
        if key in self._results and (key, self.owner) not in self._served:
            self._served.add((key, self.owner))
            return self._results[key]
        result = self.sandbox.run(workspace, job, limits)
        if result.status == "ok":
            self._results[key] = result
            self._served.add((key, self.owner))
        return result


def _passes(output: str, sentinels: set[str]) -> bool:
    """Every real test passed or skipped (one at least passed) and every sentinel failed."""
    value = json.loads(output)
    if not ("ok" in value and isinstance(value["ok"], list) and bool(value["ok"])):
        return False
    return all((outcome == "failed") if sentinel_tests.key(nodeid) in sentinels
               else outcome in ("passed", "skipped") for nodeid, outcome in value["ok"])


def _sentinels_fail(outputs: dict[str, str], sentinels: set[str]) -> bool:
    """Every sentinel that a check runs failed there (a check that did not finish: no)."""
    for output in outputs.values():
        value = json.loads(output)
        if not isinstance(value.get("ok"), list):
            return False
        if any(sentinel_tests.key(n) in sentinels and o != "failed" for n, o in value["ok"]):
            return False
    return True


def _passing_units(task: Task, outputs: dict[str, str],
                   modules: list[str]) -> tuple[list[str], set[str]]:
    """The test units (see probes.py) whose every test passed or skipped, with at least one
    passing, on the release; a module that gives fewer units than checks is split into its
    tests' units, else it stays one unit. A check that did not finish counts for none.
    Also: the modules that hold a test failing on the release (never shown to the reviewer)."""
    by_module: dict[str, dict[str, set[str]]] = {}
    for check in units_of(task.probes_source):
        value = json.loads(outputs[check])
        if not isinstance(value.get("ok"), list):
            continue
        for nodeid, outcome in value["ok"]:
            unit = unit_of(nodeid)
            module = unit.split("::")[0]
            by_module.setdefault(module, {}).setdefault(unit, set()).add(outcome)
    whole = [m for m, units in by_module.items()
             if all(o <= {"passed", "skipped"} for o in units.values())
             and any("passed" in o for o in units.values())]
    bad = set(modules) - set(whole)
    if len(whole) >= MAX_CHECKS:
        return sorted(whole), bad
    kept = []
    for units in by_module.values():
        kept += [u for u, o in units.items() if o <= {"passed", "skipped"} and "passed" in o]
    return sorted(kept), bad


def _visible_modules(pr: PullRequest, units: list[str]) -> list[str]:
    """Test modules all of whose checked units are among `units` (and that have some)."""
    chosen = set(units)
    modules = {}
    for unit in chosen:
        modules.setdefault(unit.split("::")[0], []).append(unit)
    return sorted(m for m in modules if m in pr.tests)


def _source_of(sentinel: str) -> str:
    """The real test a sentinel was copied from (its name minus the suffix)."""
    for suffix in sentinel_tests.SUFFIXES:
        if sentinel.endswith(suffix):
            return sentinel.removesuffix(suffix)
    return sentinel


def _finished(output: str) -> bool:
    return "error" not in json.loads(output)


def _skeleton(pr: PullRequest, units: list[str], files: dict[str, str] | None = None,
              checks: list[list[str]] | None = None) -> Task:
    """The clean task of the PR with checks for `units` (not derived yet); `files` and
    `checks`: the hidden suite and groups when they carry sentinels."""
    visible = _visible_tests(pr, sorted({u.split("::")[0] for u in units}))
    checks = checks or groups(units)
    return Task(
        id=f"real-{pr.id}-clean", title=pr.title, description=pr.description,
        difficulty="hard", split=REAL_SPLIT, base=pr.base, head_changes=dict(pr.changes),
        fix_changes={}, visible_tests=visible, probes_source=probes_source(files or pr.tests, checks),
        static_checks=(), issues=(), hints=(CLEAN_HINT,), max_steps=MAX_STEPS,
        tags=("real", f"package:{pr.package}", f"release:{pr.old}..{pr.new}",
              f"license:{pr.license}"),
        check_timeout_s=CHECK_TIMEOUT_S,
    )


def _visible_tests(pr: PullRequest, modules: list[str]) -> dict[str, str]:
    """The suite's support files plus `modules`; a conftest.py so run_tests uses pytest."""
    def is_module(path: str) -> bool:
        name = path.rsplit("/", 1)[-1]
        return path.endswith(".py") and name.startswith("test")

    tests = {p: t for p, t in pr.tests.items()
             if not is_module(p) or (p in modules and p not in pr.hidden)}
    tests.setdefault("tests/conftest.py", "# the package's tests run under pytest\n")
    return tests


def _smoke_test(pr: PullRequest) -> str:
    """A visible test for a PR whose every test module holds a failing test: the changed
    modules import (the package's own tests that pass stay hidden with the ones that fail)."""
    names = sorted({p.removesuffix(".py").removesuffix("/__init__").replace("/", ".")
                    for p in pr.changes})
    body = "".join(f"    importlib.import_module({n!r})\n" for n in names)
    return f"import importlib\n\n\ndef test_changed_modules_import():\n{body}"


def _draws(pr: PullRequest) -> list[Mutation]:
    """Mutation sites on the PR's + lines, in a seeded order that alternates kinds."""
    by_kind: dict[str, list[Mutation]] = {}
    for path, text in sorted(pr.changes.items()):
        for site in find_sites(path, text, lines=pr_lines(pr.base.get(path), text)):
            by_kind.setdefault(site.kind, []).append(site)
    rng = random.Random(f"python_env-real:{pr.id}")
    queues = []
    for kind in sorted(by_kind):
        sites = list(by_kind[kind])
        rng.shuffle(sites)
        queues.append(sites)
    rng.shuffle(queues)
    order = []
    while any(queues):
        for queue in queues:
            if queue:
                order.append(queue.pop())
    return order


def _issue(mutation: Mutation, original: str, mutant: str, witnesses: list[str]) -> ReferenceIssue:
    kind = KINDS[mutation.kind]
    start, end = mutation.head_span(mutant)
    snippet = " ".join(line.strip() for line in mutant.split("\n")[start - 1:end])[:160]
    modules = ", ".join(witnesses)
    rationale = (f"In `{mutation.func}` the pull request writes `{snippet}`. {kind.explanation} "
                 f"The package's own tests catch it ({modules}).")
    return ReferenceIssue(
        id=f"{mutation.kind}-{slug(mutation.func)}"[:80], file=mutation.path,
        start_line=start, end_line=end, category=mutation.category or kind.category,
        severity=kind.severity, bug_class=kind.bug_class,
        title=kind.title.format(func=mutation.func), rationale=rationale, hint=kind.hint,
        witnesses=tuple(witnesses),
    )


def build_pr(pr: PullRequest, sandbox: Sandbox, mutants: int = MUTANTS_PER_PR) -> PrReport:
    """Every validated task of one PR (runs the sandbox; blocking)."""
    started = time.monotonic()
    report = _build_pr(pr, sandbox, mutants)
    report.seconds = time.monotonic() - started
    return report


def _build_pr(pr: PullRequest, sandbox: Sandbox, mutants: int) -> PrReport:
    report = PrReport(pr.id)
    memo = _Memo(sandbox)
    memo.owner = "select"
    probe = _skeleton(pr, pr.modules)
    fix = run_checks_on(probe, probe.fixed, memo)
    if fix.status != "ok":
        report.skipped = f"tests on the release: {fix.status} {fix.detail}"
        return report
    kept, pr.hidden = _passing_units(probe, fix.outputs, pr.modules)
    if not kept and any(p.endswith("conftest.py") for p in pr.tests):
        # An old conftest.py that today's pytest refuses (hooks with removed arguments): the
        # suite without it may still run.
        pr.tests = {p: t for p, t in pr.tests.items() if not p.endswith("conftest.py")}
        probe = _skeleton(pr, pr.modules)
        fix = run_checks_on(probe, probe.fixed, memo)
        if fix.status != "ok":
            report.skipped = f"tests on the release: {fix.status} {fix.detail}"
            return report
        kept, pr.hidden = _passing_units(probe, fix.outputs, pr.modules)
    if not kept:
        report.skipped = "no test module passes on the release"
        return report
    passed = [n for output in fix.outputs.values() if isinstance(json.loads(output).get("ok"), list)
              for n, o in json.loads(output)["ok"] if o == "passed"]
    # Sentinels (sentinels.py): one per group; one that does not fail on the release is
    # replaced by another test's copy, up to three tries.
    excluded: set[str] = set()
    for _ in range(3):
        files, grouped, sentinels = sentinel_tests.add(pr.tests, groups(kept), passed, pr.id,
                                                       frozenset(excluded))
        clean = _skeleton(pr, kept, files, grouped)
        fix = run_checks_on(clean, clean.fixed, memo)
        if fix.status != "ok":
            break
        bad = {sentinel_tests.key(n) for o in fix.outputs.values()
               if isinstance(json.loads(o).get("ok"), list) for n, v in json.loads(o)["ok"]
               if sentinel_tests.key(n) in sentinels and v != "failed"}
        if not bad:
            break
        excluded |= {_source_of(s) for s in bad}
    base = run_checks_on(clean, clean.base_tree, memo)
    checks = probe_names(clean.probes_source)
    if fix.status != "ok" or base.status != "ok" or not all(
            _passes(fix.outputs[c], sentinels) for c in checks):
        report.skipped = f"tests on the release or base: {fix.status}/{base.status}"
        return report
    revert_fails = {c for c in checks if base.outputs[c] != fix.outputs[c]}
    if not revert_fails:
        report.skipped = "no test tells the release from the one before: a revert would pass"
        return report

    tries = 0
    candidates: list[Task] = []
    places: set[tuple[str, str, str]] = set()
    report.sentinels = len(sentinels)
    for mutation in _draws(pr):
        if len(candidates) >= mutants or tries >= TRIES_PER_PR:
            break
        if (mutation.path, mutation.func, mutation.kind) in places:
            continue  # another site of a kind already kept in that function: near-duplicate
        tries += 1
        task = _mutant_task(pr, clean, mutation, fix.outputs, revert_fails, memo,
                            len(candidates), sentinels)
        if task is not None:
            candidates.append(task)
            places.add((mutation.path, mutation.func, mutation.kind))
    candidates.append(clean)
    for task in candidates:
        memo.owner = task.id
        result = derive(task, memo)
        if not result.ok or result.derived is None:
            report.rejected.append(f"{task.id}: {result.errors[0] if result.errors else '?'}")
            continue
        task.derived = DerivedChecks(
            expected=result.derived["expected"], head=result.derived["head"],
            fail_to_pass=tuple(result.derived["fail_to_pass"]),
            pass_to_pass=tuple(result.derived["pass_to_pass"]), base=result.derived["base"])
        report.tasks.append(task)
    return report


def _mutant_task(pr: PullRequest, clean: Task, mutation: Mutation, expected: dict[str, str],
                 revert_fails: set[str], memo: _Memo, number: int,
                 sentinels: set[str]) -> Task | None:
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
        return None  # the defect would not show among the diff's + lines
    head = dict(clean.head)
    head[mutation.path] = mutant
    memo.owner = "select"
    run = run_checks_on(clean, head, memo)
    checks = probe_names(clean.probes_source)
    if run.status != "ok" or not all(_finished(run.outputs[c]) for c in checks):
        return None
    if not _sentinels_fail(run.outputs, sentinels):
        return None  # a sentinel that passes on the head would read as a fixed test
    differing = [c for c in checks if run.outputs[c] != expected[c]]
    agreeing = [c for c in checks if run.outputs[c] == expected[c]]
    if not differing or not revert_fails & set(agreeing):
        return None
    by_check = units_of(clean.probes_source)
    failing = {u.split("::")[0] for c in differing for u in by_check[c]}
    visible = _visible_tests(pr, [m for m in _visible_modules(
        pr, [u for c in agreeing for u in by_check[c]]) if m not in failing])
    if not any(p.rsplit("/", 1)[-1].startswith("test") for p in visible if p.endswith(".py")):
        visible["tests/test_imports.py"] = _smoke_test(pr)
    changes = dict(pr.changes)
    changes[mutation.path] = mutant
    return Task(
        id=f"real-{pr.id}-{number + 1}", title=clean.title, description=clean.description,
        difficulty="hard", split=REAL_SPLIT, base=pr.base, head_changes=changes,
        fix_changes={mutation.path: original}, visible_tests=visible,
        probes_source=clean.probes_source, static_checks=(),
        issues=(_issue(mutation, original, mutant, differing),), hints=(),
        max_steps=MAX_STEPS, tags=clean.tags, check_timeout_s=CHECK_TIMEOUT_S,
    )


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


def _stamp(pr: PullRequest, mutants: int) -> str:
    """What a PR's cached tasks were built from: a rebuild happens when any of it changes."""
    code = [(Path(__file__).parent / name).read_text(encoding="utf-8")
            for name in ("build.py", "probes.py", "pulls.py", "layout.py", "sentinels.py")]
    digest = hashlib.sha256(json.dumps(
        [FORMAT_VERSION, mutants, TRIES_PER_PR, pr.base, pr.changes, pr.tests, pr.title,
         pr.description, sorted(KINDS), code], sort_keys=True).encode())
    return digest.hexdigest()[:16]


def build(cache: Path, packages: list[str] | None = None, jobs: int = 2,
          mutants: int = MUTANTS_PER_PR, sandbox: Sandbox | None = None,
          only: list[str] | None = None,
          on_progress: Callable[[str, int, int], None] | None = None) -> BuildSummary:
    """Download, build and validate; writes `<cache>/prs/<id>.json` per PR with tasks.

    `only`: build just these PR ids (e.g. `cachetools-8-0-1`) of the chosen packages."""
    started = time.monotonic()
    chosen = [p for p in load_packages() if not packages or p.name in packages]
    unknown = set(packages or ()) - {p.name for p in chosen}
    if unknown:
        raise ValueError(f"unknown package(s) {sorted(unknown)}; see packages.toml")
    prs: list[PullRequest] = []
    for package in chosen:
        prs.extend(pr for pr in pull_requests(package, cache) if not only or pr.id in only)
    sandbox = sandbox or Sandbox(workers=jobs)
    summary = BuildSummary(prs=len(prs))
    stamps = cache / "prs" / "stamps.json"
    known = json.loads(stamps.read_text(encoding="utf-8")) if stamps.is_file() else {}
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
    done = summary.cached
    if on_progress:
        on_progress("", done, len(prs))
    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        futures = {pool.submit(build_pr, pr, sandbox, mutants): (pr, stamp)
                   for pr, stamp in todo}
        for future in as_completed(futures):
            pr, stamp = futures[future]
            report = future.result()
            path = cache / "prs" / f"{pr.id}.json"
            if report.tasks:
                write_pr(cache, pr, report.tasks)
                summary.built += 1
                summary.tasks += len(report.tasks)
                summary.clean += sum(1 for t in report.tasks if t.clean)
            else:
                path.unlink(missing_ok=True)
                summary.skipped[pr.id] = report.skipped or "; ".join(report.rejected[:2])
                known.setdefault("_empty", []).append(stamp)
            summary.rejected += len(report.rejected)
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
