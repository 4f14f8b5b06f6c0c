"""Before any mutant runs: which mutation sites of a real PR the builder tries (draws.py, a
static filter; executed.py, the lines the tests run on the release, in the real sandbox), and
the differential probe's calls (differential.py), on a small made-up PR; then the probe in the
real sandbox, on the release, a mutant and a clock-dependent call."""

from __future__ import annotations

import json

from python_env.server.grading.checks import run_checks_on
from python_env.server.sandbox import shared_sandbox
from python_env.server.tasks.real import differential, draws, executed, relevance, sources
from python_env.server.tasks.real.pulls import PullRequest
from python_env.server.tasks.real.task_parts import skeleton

BASE = '''def scale(values, factor):
    return [v * factor for v in values]
'''
HEAD = '''import time


def scale(values, factor):
    return [_times(v, factor) for v in values]


def _times(value, factor):
    total = value * factor
    return total


def clamp(value, low=0, high=10):
    if high < low:
        raise ValueError("empty range: " + str(low - high))
    if value < low:
        return low
    return min(value, high)


def untested(value):
    if value > 3:
        return value + 1
    return value


def stamp():
    return time.time()
'''
TESTS = '''from mini import core


def test_scale():
    assert core.scale([1, 2], 3) == [3, 6]


def test_clamp():
    assert core.clamp(-4) == 0
    assert core.clamp(12, high=11) == 11
    assert core.clamp(5, *[1]) == 5  # starred: not a literal call


def test_stamp():
    assert core.stamp() > 0
'''


def _pr() -> PullRequest:
    return PullRequest(
        id="mini-2", package="mini", license="MIT", old="1", new="2",
        base={"mini/__init__.py": "", "mini/core.py": BASE},
        changes={"mini/core.py": HEAD}, tests={"tests/test_core.py": TESTS},
        modules=["tests/test_core.py"], title="mini 2", description="Adds clamp.")


def test_only_sites_the_tests_can_reach_are_drawn():
    pr = _pr()
    skip = draws.unreached(pr.base | pr.changes, [TESTS])
    # `_times` is reached through `scale`, which the tests name; nothing names `untested`.
    assert skip == {"untested"}
    funcs = {m.func for m in draws.draws(pr, [TESTS])}
    assert funcs and "untested" not in funcs and {"clamp", "_times"} <= funcs
    # Without the filter `untested` has sites too: the filter is what drops them.
    assert "untested" in {m.func for m in draws.draws(pr, ["untested"])}
    # The draw order is a function of the PR alone.
    assert draws.draws(pr, [TESTS]) == draws.draws(_pr(), [TESTS])


def test_differential_calls_are_the_tests_literal_calls_of_changed_public_functions():
    calls = differential.calls(_pr(), [TESTS])
    assert calls == [("mini.core", "scale", ([1, 2], 3), {}),
                     ("mini.core", "clamp", (-4,), {}),
                     ("mini.core", "clamp", (12,), {"high": 11}),
                     ("mini.core", "stamp", (), {})]
    assert differential.calls(_pr(), ["import mini\n"]) == []
    assert differential.probe_source([]) == ""


def _output(tree: dict[str, str], source: str) -> str:
    task = skeleton(_pr(), ["tests/test_core.py"], extra=source)
    run = run_checks_on(task, tree, shared_sandbox())
    assert run.status == "ok", run.detail
    return run.outputs[differential.NAME]


def test_the_probe_tells_a_mutant_from_the_release_and_drops_clock_calls():
    pr = _pr()
    found = differential.calls(pr, [TESTS])
    source = differential.probe_source(found)
    release = pr.base | pr.changes
    first, second = _output(release, source), _output(release, source)
    # The clock call differs between two runs of the release: only it is dropped.
    stable = differential.stable(found, [first, second])
    assert stable == found[:3]
    source = differential.probe_source(stable)
    expected = _output(release, source)
    assert json.loads(expected)["ok"] == [["mini.core.scale", [3, 6]], ["mini.core.clamp", 0],
                                          ["mini.core.clamp", 11]]
    assert _output(release, source) == expected  # deterministic
    mutant = release | {"mini/core.py": HEAD.replace("if value < low:", "if value <= low:")
                        .replace("min(value, high)", "max(value, high)")}
    assert _output(mutant, source) != expected
    # A run that did not finish keeps no call.
    assert differential.stable(found, [json.dumps({"error": "timeout"})]) == []


def test_sites_on_lines_the_tests_never_run_are_not_drawn():
    pr = _pr()
    by_check = executed.lines_by_check(skeleton(pr, ["tests/test_core.py"]), shared_sandbox())
    assert by_check is not None
    ran = executed.union(by_check)
    lines = HEAD.split("\n")

    def line(text: str) -> int:
        return next(i for i, t in enumerate(lines, 1) if t.strip() == text)

    run = ran["mini/core.py"]
    assert {line("return low"), line("return min(value, high)"), line("total = value * factor")} <= run
    assert line('raise ValueError("empty range: " + str(low - high))') not in run
    assert line("return value + 1") not in run  # in `untested`
    assert line("def clamp(value, low=0, high=10):") in run  # at import: defaults count
    drawn = draws.draws(pr, [TESTS], ran)
    assert drawn and set(drawn) < set(draws.draws(pr, [TESTS]))
    assert all(m.touched_lines(HEAD) & run for m in drawn)
    # Every site of `clamp`'s raise line is among those left out.
    left = set(draws.draws(pr, [TESTS])) - set(drawn)
    assert any(line('raise ValueError("empty range: " + str(low - high))')
               in m.touched_lines(HEAD) for m in left)


LIB_BASE = '''LIMIT = 3


def helper(x):
    return x + 1


def direct(x):
    return helper(x) * 2


def caller(x):
    return direct(x) - 1


def far(x):
    return caller(x)


def unrelated(x):
    return -x
'''
LIB_TESTS = '''from lib import core


def test_direct():
    assert core.direct(1) == 4


def test_caller():
    assert core.caller(1) == 3


def test_far():
    assert core.far(1) == 3


class TestUnrelated:
    def test_it(self):
        assert core.unrelated(1) == -1


def test_limit():
    assert core.LIMIT == 3
'''


def _lib_pr(head: str) -> PullRequest:
    return PullRequest(
        id="lib-2", package="lib", license="MIT", old="1", new="2",
        base={"lib/__init__.py": "", "lib/core.py": LIB_BASE}, changes={"lib/core.py": head},
        tests={"tests/test_core.py": LIB_TESTS}, modules=["tests/test_core.py"],
        title="lib 2", description="helper adds two")


def test_the_checks_run_the_units_that_reach_the_changed_code(monkeypatch):
    units = [f"tests/test_core.py::{n}" for n in
             ("TestUnrelated", "test_caller", "test_direct", "test_far", "test_limit")]
    pr = _lib_pr(LIB_BASE.replace("return x + 1", "return x + 2"))
    # helper changed; direct calls it, caller calls direct (two levels up); far is three.
    assert relevance.changed_names(pr) == {"helper", "direct", "caller"}
    monkeypatch.setattr(relevance, "GUARDS", 0)
    assert relevance.relevant_units(pr, units) == units[1:3]
    # A module-level name counts as changed; a unit that names it is relevant.
    limit = _lib_pr(LIB_BASE.replace("LIMIT = 3", "LIMIT = 4"))
    assert relevance.relevant_units(limit, units) == ["tests/test_core.py::test_limit"]
    # Guards: that many of the other units, the same ones on every build of the PR.
    monkeypatch.setattr(relevance, "GUARDS", 1)
    kept = relevance.relevant_units(pr, units)
    assert len(kept) == 3 and set(units[1:3]) < set(kept)
    assert kept == relevance.relevant_units(_lib_pr(pr.changes["lib/core.py"]), units)
    # A PR whose changes no unit names (a new, untested function) keeps them all.
    new = _lib_pr(LIB_BASE + "\n\ndef added(x):\n    return x\n")
    assert relevance.relevant_units(new, units) == units


def test_a_slow_unit_and_the_module_that_holds_it_are_slow():
    pr = PullRequest(**{**_lib_pr(LIB_BASE).__dict__,
                        "slow": frozenset({"tests/test_core.py::TestUnrelated"})})
    assert pr.is_slow("tests/test_core.py::TestUnrelated") and pr.is_slow("tests/test_core.py")
    assert not pr.is_slow("tests/test_core.py::test_far") and not pr.is_slow("tests/test_co")
    listed = {p.name: p.slow for p in sources.load_packages()}
    assert "tests/test_recipes.py::PrimeFunctionTests" in listed["more-itertools"]
    assert listed["cachetools"] == frozenset()


def test_run_tests_leaves_out_the_slow_units_as_the_checks_do():
    import shutil

    from python_env.server.files import materialize
    from python_env.server.tasks.real.task_parts import visible_tests

    pr = PullRequest(**{**_lib_pr(LIB_BASE).__dict__,
                        "slow": frozenset({"tests/test_core.py::TestUnrelated",
                                           "tests/test_core.py::test_far"})})
    tests = visible_tests(pr, ["tests/test_core.py"])
    root = materialize(pr.base | tests)
    try:
        job = shared_sandbox().run(root, {"mode": "tests", "files": ["tests/test_core.py"]})
    finally:
        shutil.rmtree(root, ignore_errors=True)
    assert job.status == "ok", job.detail
    ran = {t["id"]: t["outcome"] for t in job.results["tests/test_core.py"]["tests"]}
    assert ran == {"test_direct": "passed", "test_caller": "passed", "test_limit": "passed"}
    # Without slow units the package's conftest (or the default one) is left as it is.
    assert "SLOW" not in visible_tests(_lib_pr(LIB_BASE), ["tests/test_core.py"])[
        "tests/conftest.py"]


def test_mutants_that_can_make_a_task_are_tried_first():
    pr = _pr()
    order = draws.draws(pr, [TESTS])
    lines = HEAD.split("\n")

    def span(name: str) -> set[int]:
        first = next(i for i, line in enumerate(lines, 1) if line.startswith(f"def {name}("))
        last = next((i for i, line in enumerate(lines[first:], first + 1)
                     if line.startswith("def ")), len(lines)) - 1
        return set(range(first, last + 1))

    texts = pr.changes
    # check_0 runs scale and _times, check_1 runs clamp; a revert fails check_1 only.
    by_check = {"check_0": {"mini/core.py": span("scale") | span("_times")},
                "check_1": {"mini/core.py": span("clamp")}}
    checks = ["check_0", "check_1"]
    safe = draws.safe_first(order, texts, by_check, checks, {"check_1"}, set(checks))
    funcs = [m.func for m in safe]
    # A clamp mutant changes every check a revert fails: tried after every other site.
    assert "clamp" in funcs and "clamp" not in funcs[:funcs.index("clamp")]
    assert all(f == "clamp" for f in funcs[funcs.index("clamp"):])
    assert sorted(safe, key=order.index) == order  # a reordering, nothing dropped
    # Within each class the seeded order stays.
    assert [m for m in safe if m.func != "clamp"] == [m for m in order if m.func != "clamp"]
    # An unguarded check that runs scale makes scale's mutants risky too; a check that is not
    # traced (the differential one) may change whatever the mutant.
    risky = draws.safe_first(order, texts, by_check, checks, {"check_1"}, {"check_1"})
    assert risky == order  # every mutant is risky now: the seeded order stays
    untraced = draws.safe_first(order, texts, by_check, [*checks, "check_diff"],
                                {"check_diff"}, {*checks, "check_diff"})
    assert untraced == order


def test_the_memo_answers_a_finished_job_on_the_same_files_from_memory(tmp_path):
    from python_env.server.sandbox import JobResult
    from python_env.server.tasks.real.memo import Memo

    class Counting:
        limits = None
        status = "ok"

        def __init__(self):
            self.calls = 0

        def run(self, workspace, job, limits=None):
            self.calls += 1
            return JobResult(self.status, 1.0, results=[self.calls])

    def tree(name: str, files: dict[str, str]):
        root = tmp_path / name
        for path, text in files.items():
            (root / path).parent.mkdir(parents=True, exist_ok=True)
            (root / path).write_text(text)
        return root

    sandbox = Counting()
    memo = Memo(sandbox)
    probes = {"mode": "probes", "source": "def check_a(): ...", "checks": ["check_a"]}
    release = tree("release", {"pkg/a.py": "x = 1\n", "tests/test_a.py": "def test(): ...\n"})
    first = memo.run(release, probes)
    # The same files (a probe's own copy of the suite makes tests/ irrelevant to it): memory.
    assert memo.run(tree("same", {"pkg/a.py": "x = 1\n", "tests/test_a.py": "# other\n"}),
                    probes) is first
    # Other code, another job, or tests/ for a tests job: a run each.
    assert memo.run(tree("rewrite", {"pkg/a.py": "x = (1)\n"}), probes) is not first
    assert memo.run(release, dict(probes, checks=["check_b"])) is not first
    tests = {"mode": "tests", "files": ["tests/test_a.py"]}
    memo.run(release, tests)
    memo.run(tree("other-tests", {"pkg/a.py": "x = 1\n", "tests/test_a.py": "# other\n"}), tests)
    assert (sandbox.calls, memo.runs) == (5, 5)
    # A job that did not finish is run again: only finished answers are kept.
    sandbox.status = "timeout"
    broken = tree("broken", {"pkg/a.py": "while True: pass\n"})
    memo.run(broken, probes)
    memo.run(broken, probes)
    assert sandbox.calls == 7


def test_the_clean_tasks_visible_run_answers_only_for_modules_a_task_runs_alike():
    import dataclasses

    from python_env.server.tasks.real.pr_tasks import _answered

    tests = {"tests/__init__.py": "", "tests/test_core.py": TESTS,
             "tests/test_codec.py": "from tests import test_core\n\n\ndef test_x():\n    pass\n",
             "tests/test_more.py": "def test_y():\n    pass\n"}
    pr = dataclasses.replace(_pr(), tests=tests, modules=sorted(tests)[1:])
    clean = skeleton(pr, sorted(tests)[1:])
    results = {p: {"tests": []} for p in sorted(tests)[1:]}
    # A task that lacks a module nothing names: the shared records of its modules hold.
    more = dataclasses.replace(clean, visible_tests={
        p: t for p, t in clean.visible_tests.items() if p != "tests/test_codec.py"})
    assert _answered(more, clean, results) == {p: results[p] for p in results
                                               if p != "tests/test_codec.py"}
    # A module that imports one the task lacks would fail alone: the task's own run decides.
    codec = dataclasses.replace(clean, visible_tests={
        p: t for p, t in clean.visible_tests.items() if p != "tests/test_core.py"})
    assert _answered(codec, clean, results) is None
