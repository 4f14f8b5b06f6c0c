"""The sentinel rewrite (server/tasks/real/sentinels.py) on its own: what it copies, negates and
names, and which tests it declines. The sandbox side (they fail on the release, a forgery meets
them) is in test_real_tasks.py."""

from __future__ import annotations

import ast
import random

from python_env.server.syntax import parse as parse_source
from python_env.server.tasks.real import sentinels

MODULE = '''import pytest


@pytest.mark.parametrize("x", [1, "é"])
def test_same(x):
    y = x
    assert (y) == x, "é"


def test_loop_only():
    for x in range(3):
        assert x == x


class TestCase:
    def test_method(self):
        self.assertEqual(len("é"), 1)
'''


def _function(text: str, name: str) -> ast.FunctionDef:
    return next(n for n in ast.walk(parse_source(text))
                if isinstance(n, ast.FunctionDef) and n.name == name)


def test_a_sentinel_is_a_sibling_with_one_assertion_negated():
    text, nodeid = sentinels.make(MODULE, "tests/test_m.py::test_same[é]", random.Random(0))
    path, name = nodeid.split("::")
    assert path == "tests/test_m.py" and name.startswith("test_same_")
    assert name.removeprefix("test_same") in sentinels.SUFFIXES
    copy = _function(text, name)
    assert ast.unparse(copy.decorator_list[0]) == "pytest.mark.parametrize('x', [1, 'é'])"
    assert ast.unparse(copy.body[-1]) == "assert y != x, 'é'"
    # The original is untouched and the rest of the module too.
    assert ast.unparse(_function(text, "test_same")) == ast.unparse(_function(MODULE, "test_same"))
    assert text.count("def ") == MODULE.count("def ") + 1


def test_unittest_methods_and_declined_tests():
    text, nodeid = sentinels.make(MODULE, "tests/test_m.py::TestCase::test_method",
                                  random.Random(1))
    name = nodeid.split("::")[-1]
    assert nodeid.startswith("tests/test_m.py::TestCase::test_method_")
    assert ast.unparse(_function(text, name).body[0]) == "self.assertNotEqual(len('é'), 1)"
    assert sentinels.key(f"tests/test_m.py::Sub::{name}") == f"tests/test_m.py::{name}"
    # Only top-level assertions: one inside a loop may never run.
    assert sentinels.make(MODULE, "tests/test_m.py::test_loop_only", random.Random(0)) is None
    # A method inherited from elsewhere is not in this module: declined.
    assert sentinels.make(MODULE, "tests/test_m.py::TestCase::test_inherited",
                          random.Random(0)) is None


def test_one_sentinel_per_group_deterministic_and_targeted():
    files = {"tests/test_m.py": MODULE, "tests/test_n.py": "def test_n():\n    assert 1 == 1\n"}
    passed = ["tests/test_m.py::test_same[1]", "tests/test_m.py::test_loop_only",
              "tests/test_m.py::TestCase::test_method", "tests/test_n.py::test_n"]
    units = ["tests/test_m.py::TestCase", "tests/test_m.py::test_loop_only",
             "tests/test_m.py::test_same", "tests/test_n.py"]
    checks = [units[:2], units[2:]]
    first = sentinels.add(files, checks, passed, "pr-1")
    assert first == sentinels.add(files, checks, passed, "pr-1")
    out, grouped, keys = first
    assert len(keys) == 2
    assert sum(out[p].count("def ") - files[p].count("def ") for p in files) == 2
    # Group 0's sentinel can only come from TestCase (test_loop_only has none): the class unit
    # collects it. Group 1's comes from test_same or test_n; a function's copy gets a target.
    assert grouped[0] == checks[0]
    assert any(k.startswith("tests/test_m.py::test_method_") for k in keys)
    extra = [u for u in grouped[1] if u not in checks[1]]
    assert all(sentinels.key(u) in keys for u in extra)
    assert files["tests/test_m.py"] == MODULE  # the input suite is not modified
    # Excluding a group's only candidate leaves it without a sentinel.
    method = next(n for n in passed if "TestCase" in n)
    _, _, fewer = sentinels.add(files, checks, passed, "pr-1",
                                frozenset({sentinels.key(method)}))
    assert len(fewer) == 1
