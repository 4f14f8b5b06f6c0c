"""Before any mutant runs: which mutation sites of a real PR the builder tries (draws.py, a
static filter; executed.py, the lines the tests run on the release, in the real sandbox), and
the differential probe's calls (differential.py), on a small made-up PR; then the probe in the
real sandbox, on the release, a mutant and a clock-dependent call."""

from __future__ import annotations

import json

from python_env.server.grading.checks import run_checks_on
from python_env.server.sandbox import shared_sandbox
from python_env.server.tasks.real import differential, draws, executed
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
    ran = executed.lines_run(skeleton(pr, ["tests/test_core.py"]), shared_sandbox())
    assert ran is not None
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
