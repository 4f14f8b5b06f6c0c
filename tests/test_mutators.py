"""Mutation kinds (server/mutators): for every kind, a site is found where there is one and none
where there is not; each mutant parses, differs from the original only at its edits (comments and
formatting elsewhere byte-identical) and changes what the code does; sites are deterministic and
can be restricted to lines."""

from __future__ import annotations

import ast
import io
import tokenize
import traceback
import warnings
from itertools import pairwise

import libcst as cst
import pytest

from python_env.models import Category, Severity
from python_env.server.mutators import KINDS, MUTATORS, Mutation, find_sites
from python_env.server.mutators.finder import _find
from python_env.server.syntax import parse as parse_source
from python_env.server.tasks import generator

from .mutator_cases import CASES, Case
from .shortcuts import changed_head_lines

PATH = "pkg/snippet.py"


def _outcome(module: str, driver: str) -> tuple[str, object]:
    """What the driver makes of the module: ("ok", repr(result)) or ("raised", exception type);
    the repr tells 4 from 4.0."""
    namespace: dict[str, object] = {"__name__": "snippet"}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # a mutant's un-awaited coroutine or unclosed file
        try:
            exec(compile(module, PATH, "exec"), namespace)
            exec(compile(driver, "<driver>", "exec"), namespace)
            outcome: tuple[str, object] = ("ok", repr(namespace["result"]))
        except Exception as error:
            outcome = ("raised", type(error).__name__)
            traceback.clear_frames(error.__traceback__)  # free what the mutant left behind now
        namespace.clear()
    return outcome


def _comments(text: str) -> list[tuple[int, str]]:
    """(offset, text) of every comment."""
    starts = [0]
    for line in text.split("\n"):
        starts.append(starts[-1] + len(line) + 1)
    return [(starts[tok.start[0] - 1] + tok.start[1], tok.string)
            for tok in tokenize.generate_tokens(io.StringIO(text).readline)
            if tok.type == tokenize.COMMENT]


def _sites(case: Case, text: str) -> list[Mutation]:
    return [s for s in find_sites(PATH, text) if s.kind == case.kind]


def test_every_kind_has_a_case_and_the_table_is_well_formed():
    assert len(KINDS) >= 15
    assert [m.name for m in MUTATORS] == list(KINDS)  # one class per kind, names unique
    assert sorted(c.kind for c in CASES) == sorted(KINDS)
    for mutator in MUTATORS:
        kind = KINDS[mutator.name]
        assert kind.category in {c.value for c in Category}, mutator.name
        assert kind.severity in {s.value for s in Severity}, mutator.name
        assert "{func}" in kind.title and kind.explanation and kind.bug_class
        assert kind.hint and not any(ch.isdigit() for ch in kind.hint)
        assert mutator.applies_to
    assert generator.KINDS is KINDS and generator.find_sites is find_sites  # the old interface


@pytest.mark.parametrize("case", CASES, ids=[c.kind for c in CASES])
def test_a_kind_finds_its_site_and_only_where_there_is_one(case: Case):
    assert _sites(case, case.present), case.kind
    assert not _sites(case, case.absent), case.kind


@pytest.mark.parametrize("case", CASES, ids=[c.kind for c in CASES])
def test_each_mutant_is_a_local_edit_that_changes_behaviour(case: Case):
    original = case.present
    before = _outcome(original, case.driver)
    assert before[0] == "ok", before  # the example runs on the correct code
    tree = ast.dump(parse_source(original))
    comments = _comments(original)
    for site in _sites(case, original):
        mutant = site.apply(original)
        cst.parse_module(mutant)  # libcst and ast both parse it
        assert ast.dump(parse_source(mutant)) != tree, site
        edits = sorted(site.edits)
        assert all(a[1] <= b[0] for a, b in pairwise(edits)), site
        # Byte-identical outside the edits: walk the mutant edit by edit.
        at = shift = 0
        for start, end, replacement in edits:
            assert mutant[at + shift:start + shift] == original[at:start], site
            assert mutant[start + shift:start + shift + len(replacement)] == replacement
            shift += len(replacement) - (end - start)
            at = end
        assert mutant[at + shift:] == original[at:], site
        # Comments outside the edits survive (a removed statement takes the comment above it).
        kept = [text for offset, text in comments
                if not any(start <= offset < end for start, end, _ in edits)]
        mutant_comments = [text for _, text in _comments(mutant)]
        for text in kept:
            assert text in mutant_comments, (site, text)
        assert site.func and site.path == PATH
        after = _outcome(mutant, case.driver)
        assert after != before, (site, mutant)


SAMPLE = '''\
import math


def window(items, size, limit=10):
    """A docstring with 3 < 4 in it."""
    # reject empty windows
    if size <= 0:
        raise ValueError("size")

    size = min(size, limit)
    out = []
    for i in range(len(items) - size + 1):
        chunk = items[i:i + size]
        if chunk and chunk[0] == chunk[-1] or not chunk:
            continue
        out.append(sum(chunk) // size)
    total = 0
    total += len(out) * 2
    return out if out is not None else math.pow(total, 1)


class Box:
    def full(self, n):
        if self.count > n:
            return True

        return False
'''


# The kinds a realistic function offers (the signature's and the statements' own).
SAMPLE_KINDS = {
    "compare-boundary", "compare-negation", "arithmetic-operator", "integer-division",
    "constant-off-by-one", "bound-off-by-one", "slice-off-by-one", "inverted-condition",
    "removed-guard", "swapped-arguments", "boolean-operator", "min-max", "return-flip",
    "wrong-default",
}


def test_a_realistic_function_offers_its_kinds_and_each_mutant_is_a_local_edit():
    sites = find_sites("pkg/window.py", SAMPLE)
    assert {site.kind for site in sites} == SAMPLE_KINDS
    assert {site.func for site in sites} == {"window", "Box.full"}  # nothing at module level
    original = ast.dump(parse_source(SAMPLE))
    for site in sites:
        mutant = site.apply(SAMPLE)
        assert ast.dump(parse_source(mutant)) != original, site
        first = min(start for start, _, _ in site.edits)
        last = max(end for _, end, _ in site.edits)
        assert mutant.startswith(SAMPLE[:first]) and mutant.endswith(SAMPLE[last:]), site
        start, end = site.head_span(mutant)
        changed = changed_head_lines(SAMPLE, mutant)
        assert changed and all(start - 1 <= line <= end + 1 for line in changed), site
    docstring_line = 5
    assert not any(SAMPLE.count("\n", 0, s.edits[0][0]) + 1 == docstring_line for s in sites)


def test_a_removed_guard_takes_its_comment_and_leaves_no_stray_blank_line():
    guards = [s.apply(SAMPLE) for s in find_sites("pkg/window.py", SAMPLE)
              if s.kind == "removed-guard"]
    assert len(guards) == 3
    assert '    """A docstring with 3 < 4 in it."""\n\n    size = min(size, limit)\n' in guards[0]
    assert "        out.append(sum(chunk) // size)" in guards[1]
    assert "continue" not in guards[1]
    assert "    def full(self, n):\n        return False\n" in guards[2]


def test_sites_are_deterministic():
    for case in CASES:
        first = _find(PATH, case.present, MUTATORS)
        again = _find(PATH, "".join(case.present), MUTATORS)  # another computation
        assert first == again and first is not again
        starts = [min(e[0] for e in s.edits) for s in first]
        assert starts == [min(e[0] for e in s.edits) for s in find_sites(PATH, case.present)]


def test_sites_restricted_to_lines():
    text = next(c.present for c in CASES if c.kind == "skipped-cleanup")
    every = find_sites(PATH, text)
    for line in range(1, text.count("\n") + 1):
        only = find_sites(PATH, text, lines=frozenset({line}))
        assert only == tuple(s for s in every if s.touched_lines(text) == {line})
    # A site that spans lines needs all of them.
    cleanup = [s for s in every if s.kind == "skipped-cleanup"]
    assert cleanup and not find_sites(PATH, text, lines=frozenset({3, 4}), kinds=frozenset(
        {"skipped-cleanup"}))
    lines = frozenset(range(1, text.count("\n") + 1))
    assert find_sites(PATH, text, lines=lines, kinds=frozenset({"skipped-cleanup"})) == tuple(
        cleanup)


def test_module_and_class_level_code_is_not_mutated():
    text = '''\
LIMIT = 3 + 1
if LIMIT > 2:
    LIMIT -= 1


class Box:
    size = max(1, 2)

    def full(self, n=1):
        return self.count > n
'''
    sites = find_sites(PATH, text)
    assert sites and {s.func for s in sites} == {"Box.full"}
    assert all(s.touched_lines(text) <= {9, 10} for s in sites)


def test_unparsable_text_has_no_sites():
    assert find_sites(PATH, "def broken(:\n    return 1\n") == ()


def test_the_docs_list_every_kind_with_its_classes():
    from pathlib import Path

    doc = (Path(__file__).resolve().parents[1] / "docs" / "tasks.md").read_text()
    rows = {}
    for line in doc.split("### Mutation kinds", 1)[1].splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if line.startswith("|") and len(cells) == 4 and cells[0] in KINDS:
            rows[cells[0]] = cells
    assert sorted(rows) == sorted(KINDS)
    known = doc.split("## Bug classes", 1)[1].split("##", 1)[0]
    for name, kind in KINDS.items():
        assert rows[name][1] == kind.bug_class and rows[name][2].startswith(kind.category), name
        assert kind.bug_class in known, name  # the bank's vocabulary of bug classes


def test_the_controls_kinds_are_kinds():
    from python_env.server.grading.controls import CONTROL_KINDS

    assert CONTROL_KINDS.issubset(KINDS) and set(KINDS) != CONTROL_KINDS


def test_a_swap_moves_an_argument_with_its_parentheses():
    text = "def run(db, sql, args):\n    return db.execute((args, 1), sql)\n"
    [site] = [s for s in find_sites(PATH, text) if s.kind == "swapped-arguments"]
    assert site.apply(text) == "def run(db, sql, args):\n    return db.execute(sql, (args, 1))\n"
