"""The grader's parts: localisation, categories, matching, evidence, patch gate, composition."""

from __future__ import annotations

import math
from itertools import product

import pytest

from python_env.models import Category, PatchResult, RecordedFinding
from python_env.server.grading import rubric as rubric_mod
from python_env.server.grading.categories import COMPATIBILITY, category_credit
from python_env.server.grading.localisation import (
    COARSE_QUALITY,
    WIDTH_SLACK,
    issue_anchors,
    width_factor,
)
from python_env.server.grading.matching import UNPROVEN, match
from python_env.server.grading.patch import PatchOutcome
from python_env.server.grading.rubric import (
    REWARD_VERSION,
    WEIGHTS,
    GradingContext,
    ReviewRubric,
    claimed_weight,
    grade,
)
from python_env.server.tasks.model import ReferenceIssue, Task

FLOOR = 0.05
# A small project: `total` has the defect on line 9 (a two-line statement at 9-10, inside a
# `for`); the PR also adds `report`, which calls it.
BASE = '''\
"""Orders."""


def total(items, discount):
    """Sum of prices after the discount."""
    amount = 0
    for item in items:
        # each item once
        amount += (item.price
                   - discount)
    return amount
'''
HEAD = BASE + '''

def report(items):
    value = total(items,
                  0)
    return f"total: {value}"
'''
VIEWS = '''\
from shop.orders import total


def view(items):
    return total(items, 1)
'''


def issue(file="shop/orders.py", start=9, end=9, category="bug", severity="major", ident="i",
          also=()):
    return ReferenceIssue(ident, file, start, end, category, severity, "off-by-one", "t", "r",
                          "h", ("check_x",), also=also)


def make_task(*issues: ReferenceIssue, base=None) -> Task:
    return Task(id="t", title="t", description="d", difficulty="easy", split="train",
                base=base if base is not None else {"shop/orders.py": BASE},
                head_changes={"shop/orders.py": HEAD, "shop/views.py": VIEWS},
                fix_changes={}, visible_tests={}, probes_source="", static_checks=(),
                issues=issues, hints=(), max_steps=10)


def finding(ident, line, file="shop/orders.py", end=None, category="bug", severity="major",
            witness=None):
    return RecordedFinding(id=ident, file=file, line=line, end_line=end, category=category,
                           severity=severity, title="x", witness_test=witness)


def score(findings, task=None, proven=(), fixed=()):
    task = task or make_task(issue())
    return match(findings, task, frozenset(proven), frozenset(fixed))


def test_reward_version_is_pinned():
    # Changing how rewards are computed must bump this (and this test) deliberately.
    assert REWARD_VERSION == "2.0"
    assert WEIGHTS == {
        "buggy": {"findings": 0.45, "patch": 0.35, "decision": 0.20},
        "clean": {"silence": 0.40, "decision": 0.40, "no_regression": 0.20},
    }
    for weights in WEIGHTS.values():
        assert math.isclose(sum(weights.values()), 1.0)


def test_a_review_without_evidence_cannot_leave_the_floor():
    # Findings without a proven witness or a fixing patch earn UNPROVEN of their credit; with the
    # decision justified by them, the best such review (exact, nothing else) stays under FLOOR.
    best_unproven = (WEIGHTS["buggy"]["findings"] + WEIGHTS["buggy"]["decision"]) * UNPROVEN
    assert best_unproven < FLOOR


# ------------------------------------------------------------------ localisation
def test_anchors_follow_the_syntax():
    task = make_task(issue())
    kinds = {(a.kind, a.file, a.start, a.end)
             for a in issue_anchors(task.issues[0], task.head, task.added_lines)}
    assert kinds == {
        ("statement", "shop/orders.py", 9, 10),  # the whole two-line statement
        ("block", "shop/orders.py", 7, 7),  # the `for` whose body holds it
        ("signature", "shop/orders.py", 4, 4),  # the `def` line
        ("call_site", "shop/orders.py", 15, 16),  # the PR adds this call of `total`
        ("call_site", "shop/views.py", 5, 5),  # a new file: all its lines are added
    }


def test_a_call_the_pr_does_not_add_is_not_a_call_site():
    task = make_task(issue(), base={"shop/orders.py": BASE, "shop/views.py": VIEWS})
    sites = [a for a in issue_anchors(task.issues[0], task.head, task.added_lines)
             if a.kind == "call_site"]
    assert [a.file for a in sites] == ["shop/orders.py"]


@pytest.mark.parametrize("line", [9, 10])
def test_any_line_of_the_statement_is_exact(line):
    result = score([finding(0, line)], proven=[0])
    assert result.score == 1.0 and result.pairs[0].localisation == 1.0


@pytest.mark.parametrize("line,file", [(4, "shop/orders.py"), (7, "shop/orders.py"),
                                       (15, "shop/orders.py"), (5, "shop/views.py")])
def test_coarse_anchors_count_fully_with_a_fixing_patch(line, file):
    fixed = score([finding(0, line, file=file)], fixed=[0])
    proven = score([finding(0, line, file=file)], proven=[0])
    unproven = score([finding(0, line, file=file)])
    assert fixed.score == 1.0
    assert proven.pairs[0].localisation == unproven.pairs[0].localisation == COARSE_QUALITY
    recall = COARSE_QUALITY  # precision stays 1: nothing else was claimed
    assert proven.score == pytest.approx(2 * recall / (1 + recall))
    assert unproven.score == pytest.approx(2 * recall / (1 + recall) * UNPROVEN)


@pytest.mark.parametrize("line", [5, 6, 8, 11, 12, 13])  # docstring, other statements, comment
def test_other_lines_do_not_point_at_the_issue(line):
    result = score([finding(0, line)], proven=[0])
    assert not result.pairs and result.proven_unlisted_ids == [0]


def test_claiming_a_wide_span_costs():
    assert width_factor(2 + WIDTH_SLACK, 2) == 1.0
    exact = score([finding(0, 9, end=10)], proven=[0]).score
    function = score([finding(0, 4, end=11)], proven=[0]).score
    whole_file = score([finding(0, 1, end=18)], proven=[0]).score
    assert exact == 1.0 > function > whole_file
    assert function == pytest.approx(((2 + WIDTH_SLACK) / 8) ** 2 * 2 / (1 + (5 / 8) ** 2))
    assert whole_file < 0.2


MATCHING = '''\
def kind(value):
    match value:
        case int(n) if (n
                        > 0):
            return "positive"
        case _:
            return "other"
'''


@pytest.mark.parametrize("line,exact", [(3, True), (4, True), (5, False)])
def test_a_case_header_is_a_statement(line, exact):
    """`match_case` nodes carry no line numbers on Python 3.11: the header runs from its
    pattern to the end of its guard (grading code with `match` used to raise)."""
    task = Task(id="t", title="t", description="d", difficulty="easy", split="train",
                base={}, head_changes={"m.py": MATCHING}, fix_changes={}, visible_tests={},
                probes_source="", static_checks=(), issues=(issue("m.py", 4, 4),), hints=(),
                max_steps=10)
    result = score([finding(0, line, file="m.py")], task, proven=[0])
    assert (result.score == 1.0) is exact
    anchors = issue_anchors(task.issues[0], task.head, task.added_lines)
    assert ("statement", 3, 4) in {(a.kind, a.start, a.end) for a in anchors}


def test_also_spans_are_statements_too():
    cross = issue(also=(("shop/views.py", 5, 5),))
    assert score([finding(0, 5, file="shop/views.py")], make_task(cross), proven=[0]).score == 1


# ------------------------------------------------------------------ categories
def test_category_table_is_symmetric_and_exact_on_the_diagonal():
    categories = [c.value for c in Category]
    for a, b in product(categories, categories):
        assert COMPATIBILITY[a, b] == COMPATIBILITY[b, a]
        assert (COMPATIBILITY[a, b] == 1.0) is (a == b)


@pytest.mark.parametrize("a,b", [
    ("bug", "security"), ("bug", "concurrency"), ("bug", "performance"),
    ("performance", "security"), ("concurrency", "performance"),
    ("error_handling", "api_contract"),
])
def test_neighbouring_categories_earn_most_of_the_credit(a, b):
    for issue_category, filed in ((a, b), (b, a)):
        exact = score([finding(0, 9, category=issue_category)],
                      make_task(issue(category=issue_category)), proven=[0]).score
        neighbour = score([finding(0, 9, category=filed)],
                          make_task(issue(category=issue_category)), proven=[0]).score
        assert neighbour >= 0.6 * exact > 0


def test_a_defect_called_a_maintainability_problem_is_a_wrong_diagnosis():
    for category in Category:
        if category.value != "maintainability":
            assert category_credit(category.value, "maintainability") == 0.0
    result = score([finding(0, 9, category="maintainability")], proven=[0])
    assert not result.pairs


# ------------------------------------------------------------------ matching
def test_severity_disagreement_earns_less():
    exact = score([finding(0, 9, severity="major")], proven=[0])
    off = score([finding(0, 9, severity="minor")], proven=[0])
    assert exact.score > off.score > 0


def test_matching_is_one_to_one_and_prefers_evidence():
    task = make_task(issue(ident="a"), issue(start=11, end=11, ident="b"))
    result = score([finding(0, 9), finding(1, 11)], task, proven=[0, 1])
    assert sorted((p.finding_id, p.issue_index) for p in result.pairs) == [(0, 0), (1, 1)]
    # Two findings on one issue: the proven one is matched, the other is a false positive.
    duplicate = score([finding(0, 9), finding(1, 10)], proven=[1])
    assert [p.finding_id for p in duplicate.pairs] == [1]
    assert duplicate.false_positive_ids == [0]


def test_false_positives_cost_without_a_cap():
    scores = []
    for n in (0, 1, 5, 25, 49):
        findings = [finding(0, 9)] + [finding(i + 1, 12) for i in range(n)]
        scores.append(score(findings, proven=[0]).score)
    assert scores == sorted(scores, reverse=True) and len(set(scores)) == len(scores)
    assert scores[-1] < 0.01


def test_a_proven_finding_off_the_reference_is_not_a_false_positive():
    result = score([finding(0, 9), finding(1, 12)], proven=[0, 1])
    assert result.score == 1.0 and result.proven_unlisted_ids == [1]
    assert not result.false_positive_ids


def test_a_second_finding_on_a_listed_issue_is_a_duplicate_even_when_proven():
    for proven in ([0], [0, 1]):
        result = score([finding(0, 9), finding(1, 4)], proven=proven)
        assert [p.finding_id for p in result.pairs] == [0]
        assert result.false_positive_ids == [1] and not result.proven_unlisted_ids


# ------------------------------------------------------------------ composition
def _ctx(task, findings, decision, patched=False, hints=0, proven=(), fixed=()):
    total = len(task.derived.fail_to_pass) if task.derived else 1
    p2p = len(task.derived.pass_to_pass) if task.derived else 1
    patch = PatchOutcome(PatchResult(
        evaluated=patched, status="ok" if patched else "unchanged",
        fail_to_pass_passed=total if patched else 0, fail_to_pass_total=total,
        pass_to_pass_passed=p2p, pass_to_pass_total=p2p))
    proven, fixed = frozenset(proven), frozenset(fixed)
    return GradingContext(task=task, match=match(findings, task, proven, fixed), patch=patch,
                          decision=decision, hints_used=hints,
                          claimed_weight=claimed_weight(findings), proven=proven, fixed=fixed)


def _reference_findings(task):
    return [finding(i, x.start_line, file=x.file, end=x.end_line, category=x.category,
                    severity=x.severity) for i, x in enumerate(task.issues)]


def test_rubric_is_introspectable_and_bounded(example_task):
    rubric = ReviewRubric()
    names = dict(rubric.named_rubrics())
    assert {"buggy", "clean", "buggy.findings", "buggy.patch", "buggy.decision",
                                     "clean.silence", "clean.decision", "clean.no_regression"} <= set(names)
    everything = range(len(example_task.issues))
    best = grade(rubric, _ctx(example_task, _reference_findings(example_task), "request_changes",
                              patched=True, fixed=everything))
    assert best.total == 1.0 and best.parts == {"findings": 1.0, "patch": 1.0, "decision": 1.0}
    assert rubric.buggy.findings.last_score == 1.0
    assert {m.evidence for m in best.matched} == {"corroborated"}
    with_hints = grade(rubric, _ctx(example_task, [], "request_changes", hints=40))
    assert with_hints.total == 0.0


def test_the_decision_is_justified_by_findings_or_by_a_fix(example_task):
    rubric = ReviewRubric()
    nothing = grade(rubric, _ctx(example_task, [], "request_changes"))
    assert nothing.decision_correct and nothing.total == 0.0
    fix_only = grade(rubric, _ctx(example_task, [], "request_changes", patched=True,
                                  fixed=range(len(example_task.issues))))
    assert fix_only.parts == {"findings": 0.0, "patch": 1.0, "decision": 1.0}
    assert fix_only.total == pytest.approx(0.55)
    unproven = grade(rubric, _ctx(example_task, _reference_findings(example_task),
                                  "request_changes"))
    assert unproven.total < FLOOR
    proven = grade(rubric, _ctx(example_task, _reference_findings(example_task),
                                "request_changes", proven=range(len(example_task.issues))))
    assert proven.total == pytest.approx(0.65)


def test_clean_rewards_silence(clean_task):
    rubric = ReviewRubric()
    silent = grade(rubric, _ctx(clean_task, [], "approve")).total
    one = grade(rubric, _ctx(clean_task, [finding(0, 1, file=clean_task.changed_files[0],
                                                  severity="minor")], "approve")).total
    wrong = grade(rubric, _ctx(clean_task, [], "request_changes")).total
    assert silent == 1.0 > one > 0.5 and wrong < silent


def test_patch_gate():
    def outcome(status, f2p, f2p_total, p2p, p2p_total):
        return PatchOutcome(PatchResult(evaluated=True, status=status, fail_to_pass_passed=f2p,
                                        fail_to_pass_total=f2p_total, pass_to_pass_passed=p2p,
                                        pass_to_pass_total=p2p_total))

    assert outcome("ok", 2, 2, 3, 3).score == 1.0
    assert outcome("ok", 1, 2, 3, 3).score == 0.5
    assert outcome("ok", 2, 2, 2, 3).score == 0.0  # a regression voids the fix
    assert outcome("timeout", 2, 2, 3, 3).score == 0.0


def test_an_issue_is_fixed_only_when_its_witnesses_pass_and_the_gate_holds():
    ok = PatchOutcome(PatchResult(evaluated=True, status="ok", fail_to_pass_passed=1,
                                  fail_to_pass_total=2, pass_to_pass_passed=1,
                                  pass_to_pass_total=1), passing=frozenset({"a", "p"}))
    assert ok.fixes(("a",)) and not ok.fixes(("a", "b")) and not ok.fixes(())
    regressed = PatchOutcome(PatchResult(evaluated=True, status="ok", fail_to_pass_passed=1,
                                         fail_to_pass_total=2, pass_to_pass_passed=0,
                                         pass_to_pass_total=1), passing=frozenset({"a"}))
    assert not regressed.fixes(("a",))


def test_rewards_are_finite_floats_in_range(example_task):
    rubric = ReviewRubric()
    for findings in ([], _reference_findings(example_task), [finding(i, 1) for i in range(50)]):
        for decision in ("approve", "request_changes", None):
            total = grade(rubric, _ctx(example_task, findings, decision)).total
            assert isinstance(total, float) and math.isfinite(total)
            assert rubric_mod.REWARD_RANGE[0] <= total <= rubric_mod.REWARD_RANGE[1]
