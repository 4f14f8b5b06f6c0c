"""Printing an evaluation report (build_report's dict) as rich tables."""

from __future__ import annotations

from typing import Any

METRICS_LEGEND = (
    "score: mean score (an episode that failed counts 0); prec., recall, F1: of the findings on "
    "buggy PRs, severity-weighted and pooled over the episodes (micro-averaged); findings/PR: "
    "findings submitted per PR (on a clean PR every one is a false positive); patch: share of "
    "buggy PRs whose patch passes every hidden check; decision: decision accuracy; flagged: "
    "share of clean PRs with at least one finding (the false-positive rate); -: no data (precision "
    "with no finding at all)"
)


def print_report(report: dict[str, Any], console=None) -> None:
    """The report as three rich tables (summary, by difficulty, by bug class), the legend, and
    the skipped tasks and failed episodes."""
    from rich.console import Console
    from rich.table import Table

    console = console or Console()

    def fmt(value: float | None) -> str:
        return "-" if value is None else f"{value:.3f}"

    def summary_table(title: str, m: dict[str, Any]) -> Table:
        t = Table(title=title)
        t.add_column("", no_wrap=True)
        for column in ("buggy PRs", "clean PRs", "all"):
            t.add_column(column, justify="right")
        rows = [
            ("episodes", str(m["buggy_episodes"]), str(m["clean_episodes"]),
             str(m["episodes"])),
            ("mean score", fmt(m["buggy_mean_score"]), fmt(m["clean_mean_score"]),
             fmt(m["mean_score"])),
            ("decision accuracy", fmt(m["buggy_decision_accuracy"]),
             fmt(m["clean_decision_accuracy"]), fmt(m["decision_accuracy"])),
            ("findings per PR", fmt(m["findings_per_buggy_pr"]), fmt(m["findings_per_clean_pr"]),
             ""),
            ("findings precision", fmt(m["precision"]), "", ""),
            ("findings recall", fmt(m["recall"]), "", ""),
            ("findings F1", fmt(m["f1"]), "", ""),
            ("patch pass rate", fmt(m["patch_pass_rate"]), "", ""),
            ("flagged (false-positive rate)", "", fmt(m["clean_false_positive_rate"]), ""),
        ]
        for row in rows:
            t.add_row(*row)
        return t

    def group_table(title: str, first: str, groups: dict[str, dict[str, Any]],
                    sections: set[str] = frozenset()) -> Table:
        t = Table(title=title)
        t.add_column(first, no_wrap=True)
        for column in ("n", "score", "prec.", "recall", "F1", "findings/PR", "patch",
                       "decision", "flagged"):
            t.add_column(column, justify="right")
        for name, m in groups.items():
            if m["buggy_episodes"] or not m["clean_episodes"]:  # a group of buggy PRs
                t.add_row(name, str(m["episodes"]), fmt(m["mean_score"]), fmt(m["precision"]),
                          fmt(m["recall"]), fmt(m["f1"]), fmt(m["findings_per_buggy_pr"]),
                          fmt(m["patch_pass_rate"]), fmt(m["decision_accuracy"]), "",
                          end_section=name in sections)
            else:  # clean PRs
                t.add_row(name, str(m["episodes"]), fmt(m["mean_score"]), "", "", "",
                          fmt(m["findings_per_clean_pr"]), "", fmt(m["decision_accuracy"]),
                          fmt(m["clean_false_positive_rate"]), end_section=name in sections)
        return t

    metrics = report["metrics"]
    head = f"{report['agent']} on {report['split']}"
    everything = metrics["all"]
    console.print(summary_table(f"{head}: summary", everything))
    rows = dict(metrics["buggy_by_difficulty"])
    rows["all buggy"] = metrics["buggy"]
    if metrics["clean"]["episodes"]:
        rows["clean"] = metrics["clean"]
    console.print(group_table(f"{head}: by difficulty (buggy PRs; clean PRs apart)",
                              "difficulty", rows, {"all buggy"}))
    console.print(group_table(f"{head}: by bug class", "bug class", metrics["by_bug_class"]))
    console.print(f"reward version {report['reward_version']}; {everything['episodes']} "
                  f"episode(s), {report['errors']} error(s)\n{METRICS_LEGEND}", highlight=False)
    if report["skipped"]:
        console.print(f"skipped (not validated): {', '.join(report['skipped'])}")
    for episode in report["episodes"]:
        if episode["error"]:
            console.print(f"[red]error[/red] {episode['task_id']}: {episode['error']}")

