"""The grader's parts: matching, patch gating, rubric composition, reward version."""

from __future__ import annotations

import math

import pytest

from python_env.models import PatchResult, RecordedFinding
from python_env.server.grading import rubric as rubric_mod
from python_env.server.grading.matching import LINE_TOLERANCE, match
from python_env.server.grading.patch import PatchOutcome
from python_env.server.grading.rubric import (
    REWARD_VERSION,
    WEIGHTS,
    GradingContext,
    ReviewRubric,
    claimed_weight,
    grade,
)
from python_env.server.tasks.model import ReferenceIssue


def issue(file="a.py", start=10, end=12, category="bug", severity="major", ident="i"):
    return ReferenceIssue(ident, file, start, end, category, severity, "off-by-one", "t", "r", "h",
                          ("check_x",))


def finding(ident, line, file="a.py", end=None, category="bug", severity="major"):
    return RecordedFinding(id=ident, file=file, line=line, end_line=end, category=category,
                           severity=severity, title="x")


def test_reward_version_is_pinned():
    # Changing how rewards are computed must bump this (and this test) deliberately.
    assert REWARD_VERSION == "1.0"
    assert WEIGHTS == {
        "buggy": {"findings": 0.55, "patch": 0.30, "decision": 0.15},
        "clean": {"silence": 0.40, "decision": 0.40, "no_regression": 0.20},
    }
    for weights in WEIGHTS.values():
        assert math.isclose(sum(weights.values()), 1.0)


def test_exact_finding_scores_one():
    result = match([finding(0, 11)], (issue(),))
    assert result.pairs == [(0, 0, 2.0)] and result.score == 1.0


@pytest.mark.parametrize("line,matches", [
    (10 - LINE_TOLERANCE, True), (12 + LINE_TOLERANCE, True),
    (10 - LINE_TOLERANCE - 1, False), (12 + LINE_TOLERANCE + 1, False),
])
def test_line_tolerance(line, matches):
    assert bool(match([finding(0, line)], (issue(),)).pairs) is matches


def test_wrong_file_or_incompatible_category_does_not_match():
    assert not match([finding(0, 11, file="b.py")], (issue(),)).pairs
    assert not match([finding(0, 11, category="maintainability")], (issue(),)).pairs
    assert match([finding(0, 11, category="api_contract")], (issue(),)).pairs


def test_an_issue_matches_at_its_other_locations_but_only_once():
    cross = ReferenceIssue("x", "a.py", 10, 12, "bug", "major", "api-contract", "t", "r", "h",
                           ("check_x",), also=(("b.py", 30, 31),))
    assert match([finding(0, 31, file="b.py")], (cross,)).score == 1.0
    assert not match([finding(0, 20, file="b.py")], (cross,)).pairs
    both = match([finding(0, 11), finding(1, 30, file="b.py")], (cross,))
    assert len(both.pairs) == 1 and len(both.false_positive_ids) == 1


def test_matching_is_one_to_one_and_optimal():
    issues = (issue(start=10, end=10, ident="a"), issue(start=13, end=13, ident="b"))
    # Finding 0 could take either issue; finding 1 only issue b. The optimum pairs both.
    findings = [finding(0, 12), finding(1, 15)]
    result = match(findings, issues)
    assert sorted((f, i) for f, i, _ in result.pairs) == [(0, 0), (1, 1)]
    duplicate = match([finding(0, 11), finding(1, 11)], (issue(),))
    assert len(duplicate.pairs) == 1 and len(duplicate.false_positive_ids) == 1


def test_severity_disagreement_earns_less():
    exact = match([finding(0, 11, severity="major")], (issue(severity="major"),))
    off = match([finding(0, 11, severity="minor")], (issue(severity="major"),))
    assert exact.score > off.score > 0


def test_false_positives_cost_without_a_cap():
    scores = []
    for n in (0, 1, 5, 25, 49):
        findings = [finding(0, 11)] + [finding(i + 1, 100 + i) for i in range(n)]
        scores.append(match(findings, (issue(),)).score)
    assert scores == sorted(scores, reverse=True) and len(set(scores)) == len(scores)
    assert scores[-1] < 0.01


def _ctx(task, findings, decision, patch_score_ok=False, hints=0):
    total = len(task.derived.fail_to_pass) if task.derived else 1
    p2p = len(task.derived.pass_to_pass) if task.derived else 1
    patch = PatchOutcome(PatchResult(
        evaluated=patch_score_ok, status="ok" if patch_score_ok else "unchanged",
        fail_to_pass_passed=total if patch_score_ok else 0, fail_to_pass_total=total,
        pass_to_pass_passed=p2p, pass_to_pass_total=p2p))
    return GradingContext(task=task, match=match(findings, task.issues), patch=patch,
                          decision=decision, hints_used=hints,
                          claimed_weight=claimed_weight(findings))


def _reference_findings(task):
    return [finding(i, x.start_line, file=x.file, end=x.end_line, category=x.category,
                    severity=x.severity) for i, x in enumerate(task.issues)]


def test_rubric_is_introspectable_and_bounded(example_task):
    rubric = ReviewRubric()
    names = dict(rubric.named_rubrics())
    assert {"buggy", "clean", "buggy.rubric_0", "clean.rubric_2"} <= set(names)
    best = grade(rubric, _ctx(example_task, _reference_findings(example_task), "request_changes",
                              patch_score_ok=True))
    assert best.total == 1.0 and best.parts == {"findings": 1.0, "patch": 1.0, "decision": 1.0}
    assert rubric.buggy.last_score == 1.0
    with_hints = grade(rubric, _ctx(example_task, [], "request_changes", hints=40))
    assert with_hints.total == 0.0


def test_decision_without_findings_earns_nothing_on_buggy(example_task):
    breakdown = grade(ReviewRubric(), _ctx(example_task, [], "request_changes"))
    assert breakdown.decision_correct and breakdown.total == 0.0


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


def test_rewards_are_finite_floats_in_range(example_task):
    rubric = ReviewRubric()
    for findings in ([], _reference_findings(example_task), [finding(i, 1) for i in range(50)]):
        for decision in ("approve", "request_changes", None):
            total = grade(rubric, _ctx(example_task, findings, decision)).total
            assert isinstance(total, float) and math.isfinite(total)
            assert rubric_mod.REWARD_RANGE[0] <= total <= rubric_mod.REWARD_RANGE[1]


def test_the_worked_example_of_the_grading_page():
    from python_env.models import Finding, PythonAction
    from python_env.server.python_env_environment import PythonEnvironment

    env = PythonEnvironment()
    env.reset(task_id="pagination-off-by-one")
    path = "shop/pagination.py"
    for line, category in ((19, "bug"), (27, "performance")):
        env.step(PythonAction(action_type="add_finding", finding=Finding(
            file=path, line=line, category=category, severity="minor", title="t")))
    env.step(PythonAction(action_type="propose_patch", path=path, diff=(
        "@@ -19 +19 @@\n-        return self.page <= self.pages\n"
        "+        return self.page < self.pages\n")))
    obs = env.step(PythonAction(action_type="submit", decision="request_changes"))
    assert obs.score.precision == pytest.approx(0.6)
    assert obs.score.recall == pytest.approx(0.75)
    assert obs.score.parts == pytest.approx({"findings": 0.4, "patch": 1.0, "decision": 0.4})
    assert obs.reward == pytest.approx(0.58)
