"""`python-env tasks validate`: prove every task holds together by running it.

For each task: every Python file of base, head and fix parses; the probes run on base, head
and fix, and again on the head's and the fix's behaviour-preserving rewrites (the ones witness
tests are also judged on, grading/evidence.py), which must give every probe's output unchanged;
every probe finishes on the fix; every reference issue has a witness whose output differs
between head and fix, and one of those is a probe (a static check alone is passed by code hidden
from the linter); at least one probe passes on the head (pass-to-pass), so that a stub patch
cannot pass; a clean task has no fail-to-pass check; the visible tests pass on the fix. The
derived sets are written to `expected.json` (`--write`) or compared with it.

The head's rewrite is also its determinism check: it is a second run, in a process of its own,
of the same behaviour, so a probe whose output varies from run to run differs there as it would
on a plain second run (one sandbox job per task fewer than running the head twice more).
Static checks run outside the sandbox, by deterministic analysers on the text itself.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ..files import materialize
from ..grading.checks import CheckRun, run_checks_on, task_limits
from ..grading.evidence import rewrite_tree
from ..sandbox import Sandbox
from ..syntax import parse as parse_source
from ..visible_tests import test_files
from .model import Task, probe_names


@dataclass
class Report:
    task_id: str
    errors: list[str] = field(default_factory=list)
    derived: dict | None = None

    @property
    def ok(self) -> bool:
        return not self.errors


def _parse_errors(label: str, tree: dict[str, str]) -> list[str]:
    return [f"{label}/{path} {error}" for path, text in tree.items()
            if path.endswith(".py") and (error := _parse_error(path, text))]


@lru_cache(maxsize=1024)  # base, head and fix share most files, as a real PR's tasks do
def _parse_error(path: str, text: str) -> str:
    try:
        parse_source(text, filename=path)
    except SyntaxError as exc:
        return f"does not parse: {exc.msg} (line {exc.lineno})"
    return ""


def visible_results(task: Task, sandbox: Sandbox) -> tuple[str, dict]:
    """The visible tests run on the fix: the job's status (with its detail if it failed) and
    each test module's record."""
    files = test_files(task.fixed)
    root = materialize(task.fixed)
    try:
        limits = task_limits(task, sandbox.limits, len(files))
        job = sandbox.run(root, {"mode": "tests", "files": files}, limits)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    return (job.status if job.status == "ok" else f"{job.status} {job.detail}"), job.results


def _visible_test_failures(task: Task, sandbox: Sandbox, known: dict | None) -> list[str]:
    files = test_files(task.fixed)
    if not files:
        return ["no visible tests (tests/test_*.py)"]
    if known is not None and all(path in known for path in files):
        results = {path: known[path] for path in files}
    else:
        status, results = visible_results(task, sandbox)
        if status != "ok":
            return [f"visible tests on the fix: {status}"]
    failures = []
    for path, result in results.items():
        if "tests" not in result:
            failures.append(f"visible tests {path} on the fix: {result}")
            continue
        for test in result["tests"]:
            if test["outcome"] in ("failed", "error"):
                failures.append(f"visible test {path}::{test['id']} fails on the fix: "
                                f"{test['message']}")
    return failures


def _rewrite_errors(names: list[str], head: CheckRun, fix: CheckRun, head_rewritten: CheckRun,
                    fix_rewritten: CheckRun) -> list[str]:
    """Probes whose output differs on a tree's witness rewrite (a second run of the same
    behaviour): not deterministic, or the rewrite changes what they see; either way a witness
    test judged on the rewrite, or a patch judged twice, could get the wrong verdict."""
    errors = []
    for label, original, rewritten in (("head", head, head_rewritten), ("fix", fix, fix_rewritten)):
        changed = [n for n in names if rewritten.outputs.get(n) != original.outputs[n]]
        if changed:
            errors.append(f"probes {changed} differ between the {label} and its witness rewrite "
                          "(a second run of the same behaviour): not deterministic, or the "
                          "rewrite changes what they see")
    return errors


def _unfinished(ids: list[str], fix: CheckRun) -> list[str]:
    return [f"check {check} does not finish on the fix: {fix.outputs[check]}"
            for check in ids if "error" in json.loads(fix.outputs[check])]


def _issue_errors(task: Task, ids: list[str], names: list[str], f2p: list[str]) -> list[str]:
    """Issues without a probe among their witnesses that tells the head from the fix."""
    errors = []
    for issue in task.issues:
        unknown = [w for w in issue.witnesses if w not in ids]
        if unknown:
            errors.append(f"issue {issue.id}: unknown witness {unknown}")
        elif not any(w in f2p for w in issue.witnesses):
            errors.append(f"issue {issue.id}: no witness differs between head and fix")
        elif not any(w in f2p and w in names for w in issue.witnesses):
            errors.append(
                f"issue {issue.id}: no probe among its witnesses differs between head and fix, "
                "only static checks: a patch can pass those by hiding the code from the linter "
                "(same behaviour, other spelling); add a check_* probe that observes the defect"
            )
    return errors


def derive(task: Task, sandbox: Sandbox, visible: dict | None = None) -> Report:
    """`visible`: per visible test module, its record from a run on this task's fix that held
    it with the same support files (the real builder runs a PR's superset once); modules it
    lacks are run here."""
    report = Report(task.id)
    for label, tree in (("base", task.base), ("head", task.head), ("fix", task.fixed)):
        report.errors += _parse_errors(label, tree)
    if report.errors:
        return report
    names = probe_names(task.probes_source)
    if not names:
        report.errors.append("probes.py defines no check_* function")
        return report
    if len(set(task.check_ids)) != len(task.check_ids):
        report.errors.append("check ids are not unique")
    ids = task.check_ids
    base, head, fix = (run_checks_on(task, tree, sandbox)
                       for tree in (task.base_tree, task.head, task.fixed))
    report.errors += [f"probes on the {label}: {run.status} {run.detail}"
                      for label, run in (("base", base), ("head", head), ("fix", fix))
                      if run.status != "ok"]
    if report.errors:
        return report
    head_rewritten, fix_rewritten = (run_checks_on(task, rewrite_tree(tree), sandbox)
                                     for tree in (task.head, task.fixed))
    report.errors += _unfinished(ids, fix)
    report.errors += _rewrite_errors(names, head, fix, head_rewritten, fix_rewritten)
    f2p = [c for c in ids if head.outputs[c] != fix.outputs[c]]
    p2p = [c for c in ids if head.outputs[c] == fix.outputs[c]]
    if not any(c in names for c in p2p):
        report.errors.append("no probe passes on the head: a stub patch could not be told apart")
    if task.clean and f2p:
        report.errors.append(f"clean task, yet checks differ between head and fix: {f2p}")
    report.errors += _issue_errors(task, ids, names, f2p)
    report.errors += _visible_test_failures(task, sandbox, visible)
    report.derived = {
        "expected": {c: fix.outputs[c] for c in ids},
        "head": {c: head.outputs[c] for c in ids},
        "base": {c: base.outputs[c] for c in ids},
        "fail_to_pass": f2p,
        "pass_to_pass": p2p,
    }
    return report


def validate(tasks: list[Task], tasks_dir: Path, sandbox: Sandbox, write: bool) -> list[Report]:
    reports = []
    for task in tasks:
        report = derive(task, sandbox)
        path = tasks_dir / task.id / "expected.json"
        if report.ok and report.derived is not None:
            text = json.dumps(report.derived, indent=1, sort_keys=True) + "\n"
            if write:
                path.write_text(text, encoding="utf-8")
            elif not path.is_file() or path.read_text(encoding="utf-8") != text:
                report.errors.append(
                    "expected.json is missing or stale: run `python-env tasks validate --write`"
                )
        reports.append(report)
    return reports
