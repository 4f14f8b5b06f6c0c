"""`python-env eval`'s report: aggregation on hand-made episode records, and one real run."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from rich.console import Console

from python_env.agents.eval_metrics import build_report, group_metrics
from python_env.agents.eval_print import print_report
from python_env.agents.eval_records import EpisodeRecord, record_from_score
from python_env.agents.eval_tasks import TaskInfo
from python_env.cli import main as cli_main
from python_env.models import (
    MatchedIssue,
    PythonObservation,
    RecordedFinding,
    ScoreBreakdown,
)
from python_env.server.tasks.loader import get_bank

from .conftest import EXAMPLE_TASK

GROUP_KEYS = {
    "episodes", "buggy_episodes", "clean_episodes", "errors", "mean_score", "buggy_mean_score",
    "clean_mean_score", "precision", "recall", "f1", "findings_per_buggy_pr", "patch_pass_rate",
    "clean_false_positive_rate", "findings_per_clean_pr", "decision_accuracy",
    "buggy_decision_accuracy", "clean_decision_accuracy", "buggy_totals",
}


def buggy(task_id: str, score: float, *, difficulty: str = "easy", credit: float = 0.0,
          fp_weight: float = 0.0, issue_weight: float = 2.0, findings: int | None = None,
          patch: float = 0.0, correct: bool = True, classes: tuple[str, ...] = ("off-by-one",),
          error: str | None = None) -> EpisodeRecord:
    if error:
        return EpisodeRecord(task_id, difficulty, False, list(classes), 0.0, 0, error=error)
    claimed = credit + fp_weight
    return EpisodeRecord(
        task_id, difficulty, False, list(classes), score, 3, split="test",
        reward_version="2.0", precision=credit / claimed if claimed else None,
        recall=credit / issue_weight,
        findings=findings if findings is not None else int(credit > 0) + int(fp_weight > 0),
        matched=int(credit > 0), false_positives=int(fp_weight > 0), issues=1, credit=credit,
        false_positive_weight=fp_weight, issue_weight=issue_weight, patch=patch,
        decision="request_changes" if correct else "approve", decision_correct=correct)


def clean(task_id: str, score: float, *, difficulty: str = "easy", findings: int = 0,
          correct: bool = True) -> EpisodeRecord:
    return EpisodeRecord(
        task_id, difficulty, True, [], score, 1, split="test", reward_version="2.0",
        findings=findings, matched=0, false_positives=findings, issues=0, credit=0.0,
        false_positive_weight=2.0 * findings, issue_weight=0.0,
        decision="approve" if correct else "request_changes", decision_correct=correct)


# --------------------------------------------------------------------------- aggregation
def test_buggy_and_clean_means_are_apart():
    records = [buggy("b1", 0.2), buggy("b2", 0.4), clean("c1", 1.0), clean("c2", 0.0)]
    m = group_metrics(records)
    assert set(m) == GROUP_KEYS
    assert (m["episodes"], m["buggy_episodes"], m["clean_episodes"]) == (4, 2, 2)
    assert m["buggy_mean_score"] == pytest.approx(0.3)
    assert m["clean_mean_score"] == pytest.approx(0.5)
    assert m["mean_score"] == pytest.approx(0.4)


def test_false_positive_rate_counts_clean_episodes_with_a_finding():
    records = [clean("c1", 1.0), clean("c2", 0.2, findings=2), clean("c3", 1.0),
               clean("c4", 0.4, findings=1), buggy("b1", 0.0, fp_weight=3.0, findings=5)]
    m = group_metrics(records)
    assert m["clean_false_positive_rate"] == pytest.approx(0.5)  # 2 of 4 clean PRs flagged
    assert m["findings_per_clean_pr"] == pytest.approx(0.75)  # 3 findings over 4 clean PRs
    assert m["findings_per_buggy_pr"] == pytest.approx(5.0)  # buggy PRs' findings stay apart


def test_precision_recall_and_f1_are_micro_averaged():
    records = [
        buggy("b1", 1.0, credit=3.0, issue_weight=3.0),  # p 1, r 1
        buggy("b2", 0.0, fp_weight=1.0, issue_weight=1.0),  # p 0, r 0
        buggy("b3", 0.0, issue_weight=6.0),  # no finding: p undefined, r 0
        clean("c1", 0.0, findings=4),  # clean PRs' false positives are not in precision
    ]
    m = group_metrics(records)
    precision, recall = 3.0 / 4.0, 3.0 / 10.0
    assert m["precision"] == pytest.approx(precision)  # per-episode mean would say 0.5
    assert m["recall"] == pytest.approx(recall)  # per-episode mean would say 1/3
    assert m["f1"] == pytest.approx(2 * precision * recall / (precision + recall), abs=1e-4)
    assert m["buggy_totals"] == {
        "findings": 2, "matched": 1, "false_positives": 1, "issues": 3, "credit": 3.0,
        "false_positive_weight": 1.0, "issue_weight": 10.0, "issue_weights_estimated": 0}


def test_precision_is_undefined_without_findings_and_f1_is_zero():
    m = group_metrics([buggy("b1", 0.0), buggy("b2", 0.0), clean("c1", 1.0)])
    assert m["precision"] is None and m["recall"] == 0.0 and m["f1"] == 0.0
    assert group_metrics([clean("c1", 1.0)])["f1"] is None  # no buggy PR: nothing to say


def test_failed_episodes_count_zero_in_the_mean_and_nowhere_else():
    records = [buggy("b1", 1.0, credit=2.0, patch=1.0), buggy("b2", 0.0, error="Boom: lost")]
    m = group_metrics(records)
    assert m["errors"] == 1 and m["buggy_mean_score"] == pytest.approx(0.5)
    assert m["recall"] == 1.0 and m["patch_pass_rate"] == 1.0
    assert m["buggy_decision_accuracy"] == 1.0


def test_decision_accuracy_is_split_buggy_and_clean():
    records = [buggy("b1", 0.1, correct=False), buggy("b2", 0.5, credit=2.0),
               clean("c1", 0.6, correct=False), clean("c2", 1.0), clean("c3", 1.0)]
    m = group_metrics(records)
    assert m["buggy_decision_accuracy"] == pytest.approx(0.5)
    assert m["clean_decision_accuracy"] == pytest.approx(2 / 3, abs=1e-4)
    assert m["decision_accuracy"] == pytest.approx(0.6)


def test_difficulty_table_holds_buggy_prs_only():
    records = [buggy("b1", 0.5, difficulty="easy", credit=2.0),
               buggy("b2", 0.0, difficulty="medium"),
               clean("c1", 1.0, difficulty="easy"), clean("c2", 1.0, difficulty="hard")]
    report = build_report("test-agent", "test", records, [])
    assert report["buggy_by_difficulty"] == {"easy": 0.5, "medium": 0.0}  # no hard buggy PR
    table = report["metrics"]["buggy_by_difficulty"]
    assert list(table) == ["easy", "medium"]
    assert table["easy"]["episodes"] == 1 and table["easy"]["clean_episodes"] == 0
    assert report["metrics"]["buggy"]["episodes"] == 2
    assert report["metrics"]["clean"]["episodes"] == 2
    assert report["metrics"]["clean"]["clean_mean_score"] == 1.0
    assert report["metrics"]["by_bug_class"]["(clean)"]["episodes"] == 2
    assert report["metrics"]["by_bug_class"]["off-by-one"]["episodes"] == 2
    assert report["mean_score"] == pytest.approx(0.625)
    assert (report["buggy_mean_score"], report["clean_mean_score"]) == (0.25, 1.0)
    assert report["reward_version"] == "2.0"  # as the episodes' breakdowns say
    assert report["averaging"] == "micro"
    out = io.StringIO()
    print_report(report, Console(file=out, width=200))
    text = out.getvalue()
    for label in ("summary", "all buggy", "clean", "by bug class", "flagged"):
        assert label in text


def test_record_from_score_derives_what_the_breakdown_lacks():
    findings = [
        RecordedFinding(id=0, file="a.py", line=3, category="bug", severity="major", title="x"),
        RecordedFinding(id=1, file="a.py", line=9, category="bug", severity="critical",
                        title="y"),
        RecordedFinding(id=2, file="b.py", line=1, category="bug", severity="minor", title="z"),
    ]
    score = ScoreBreakdown(
        reward_version="2.0", total=0.25, kind="buggy",
        parts={"findings": 0.2, "patch": 1.0, "decision": 0.2}, weights={}, hint_penalty=0.0,
        precision=0.3, recall=0.375, issues_total=2, decision="request_changes",
        decision_correct=True, false_positive_ids=[1, 2],
        matched=[MatchedIssue(finding_id=0, issue_index=1, category="bug", severity="critical",
                              credit=1.5, evidence="corroborated", localisation=1.0,
                              category_credit=1.0, severity_agreement=0.5)])
    observation = PythonObservation(task_id="t", difficulty="hard", findings=findings,
                                    step_budget=20, steps_remaining=12, score=score, done=True)
    known = TaskInfo("t", "test", "hard", False, ["x"], issue_weight=4.0)
    record = record_from_score(known, observation, score, 0.25)
    assert (record.findings, record.matched, record.false_positives, record.issues) == (
        3, 1, 2, 2)
    assert record.false_positive_weight == 4.0  # critical 3 + minor 1, from the findings
    assert record.precision == pytest.approx(1.5 / 5.5)
    assert record.recall == pytest.approx(1.5 / 4.0)
    assert (record.steps, record.patch, record.split, record.reward_version) == (
        8, 1.0, "test", "2.0")
    unknown = TaskInfo("t", "test", "hard")  # not in the local bank: from credit / recall
    assert record_from_score(unknown, observation, score, 0.25).issue_weight == pytest.approx(4.0)
    nothing = score.model_copy(update={"matched": [], "recall": 0.0})
    record = record_from_score(unknown, observation, nothing, 0.0)
    assert record.issue_weight == 4.0 and record.issue_weight_estimated  # 2 issues x major


# --------------------------------------------------------------------------- end to end
def _few_tasks() -> list[str]:
    validated = sorted((t for t in get_bank().by_id.values() if t.derived is not None),
                       key=lambda t: t.id)
    buggy_ids = [EXAMPLE_TASK, *(t.id for t in validated if not t.clean and t.id != EXAMPLE_TASK)]
    clean_ids = [t.id for t in validated if t.clean]
    if not clean_ids:
        pytest.skip("no validated clean task")
    return [*buggy_ids[:2], clean_ids[0]]


def _eval(tmp_path: Path, agent: str, url: str, tasks: list[str]) -> dict:
    out = tmp_path / f"{agent}.json"
    code = cli_main(["eval", "--agent", agent, "--tasks", *tasks, "--url", url, "--json",
                     str(out), "--no-progress"])
    report = json.loads(out.read_text())
    assert code == 0, report
    return report


def test_eval_reports_oracle_and_null_apart(server_url, tmp_path):
    tasks = _few_tasks()
    oracle = _eval(tmp_path, "oracle", server_url, tasks)
    null = _eval(tmp_path, "null", server_url, tasks)
    for report in (oracle, null):
        assert report["reward_version"] == "2.0"
        assert set(report["metrics"]) == {"all", "buggy", "clean", "buggy_by_difficulty",
                                          "by_bug_class"}
        assert set(report["metrics"]["all"]) == GROUP_KEYS
        assert [e["task_id"] for e in report["episodes"]] == tasks
        for episode in report["episodes"]:
            assert {"task_id", "split", "difficulty", "clean", "score", "parts", "precision",
                    "recall", "findings", "false_positives", "decision"} <= set(episode)
        assert [e["clean"] for e in report["episodes"]] == [False, False, True]
        assert report["metrics"]["all"]["buggy_episodes"] == 2

    m = oracle["metrics"]["all"]
    assert oracle["buggy_mean_score"] == 1.0 and oracle["clean_mean_score"] == 1.0
    assert (m["precision"], m["recall"], m["f1"]) == (1.0, 1.0, 1.0)
    assert m["clean_false_positive_rate"] == 0.0 and m["patch_pass_rate"] == 1.0
    assert m["buggy_totals"]["matched"] == m["buggy_totals"]["issues"] > 0
    assert all(e["recall"] == 1.0 for e in oracle["episodes"] if not e["clean"])

    m = null["metrics"]["all"]
    assert null["buggy_mean_score"] == 0.0 and null["clean_mean_score"] == 1.0
    assert m["precision"] is None and m["recall"] == 0.0 and m["f1"] == 0.0
    assert m["clean_false_positive_rate"] == 0.0 and m["findings_per_buggy_pr"] == 0.0
    assert (m["buggy_decision_accuracy"], m["clean_decision_accuracy"]) == (0.0, 1.0)
    assert [e["decision"] for e in null["episodes"]] == ["approve"] * 3
