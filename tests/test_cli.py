"""`python-env`: what a newcomer types first (--version, tasks show/list/validate/difficulty,
eval on the generated split), and the submit summary that explains a gated decision."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from python_env.cli import main as cli
from python_env.models import PythonAction
from python_env.server.python_env_environment import PythonEnvironment
from python_env.server.tasks.loader import get_bank
from python_env.server.tasks.model import probe_names

from .conftest import EXAMPLE_TASK

ROOT = Path(__file__).resolve().parents[1]


def _run(*args: str, columns: int | None = None) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    if columns:
        env["COLUMNS"] = str(columns)
    return subprocess.run([sys.executable, "-m", "python_env.cli", *args], capture_output=True,
                          text=True, env=env, timeout=120)


def test_version_and_the_task_commands_do_not_load_the_server():
    from importlib.metadata import version

    done = _run("--version")
    assert done.returncode == 0
    assert done.stdout.strip() == f"python-env {version('openenv-python_env')}"
    probe = subprocess.run(
        [sys.executable, "-c", "import sys, python_env.cli as c; c.build_parser(); "
         "import python_env.server.tasks.loader; "
         "print(sorted(m for m in ('openenv', 'gradio', 'fastapi', 'python_env.client', "
         "'python_env.server.app') if m in sys.modules))"],
        capture_output=True, text=True, timeout=120)
    assert probe.stdout.strip() == "[]", probe.stderr


def _hidden_strings(task) -> list[str]:
    """Text that only the answer contains: issue titles and rationales, check names, and lines
    the reference fix adds; less what the reviewer is shown anyway (the PR and its trees)."""
    public = "\n".join([task.title, task.description, task.diff, *task.head.values(),
                        *task.base.values()])
    fix_lines = [line.strip() for text in task.fix_changes.values() for line in text.splitlines()
                 if len(line.strip()) > 12]
    issues = [s.strip() for issue in task.issues for s in (issue.title, issue.rationale)]
    checks = [*probe_names(task.probes_source), *(c.id for c in task.static_checks)]
    return [s for s in (*issues, *checks, *fix_lines) if s and s not in public]


def test_tasks_show_prints_the_pull_request_and_never_the_answer(capsys):
    bank = get_bank()
    shown = [t for t in bank.by_id.values() if t.split in ("test", "validation")]
    shown.append(bank.get(EXAMPLE_TASK))
    assert any(not t.clean for t in shown)
    for task in shown:
        assert cli(["tasks", "show", task.id, "--diff"]) == 0
        text = capsys.readouterr().out
        assert cli(["tasks", "show", task.id, "--json", "--diff"]) == 0
        view = json.loads(capsys.readouterr().out)
        assert task.title in text and f"{task.split} split" in text
        assert task.difficulty in text and task.diff in text
        for path in task.changed_files:
            assert path in text
        assert set(view) == {"id", "split", "difficulty", "title", "description",
                             "changed_files", "files", "visible_tests", "step_budget", "diff"}
        assert view["files"] == sorted(task.head)
        blob = text + json.dumps(view)
        leaked = [s for s in _hidden_strings(task) if s in blob]
        assert not leaked, f"{task.id} shows its answer: {leaked[:3]}"
        assert "clean" not in view and not re.search(r"\bclean\b", text)


def test_tasks_show_counts_the_lines_each_file_changes(capsys):
    assert cli(["tasks", "show", EXAMPLE_TASK, "--json"]) == 0
    view = json.loads(capsys.readouterr().out)
    task = get_bank().get(EXAMPLE_TASK)
    added = sum(1 for line in task.diff.splitlines()
                if line.startswith("+") and not line.startswith("+++"))
    removed = sum(1 for line in task.diff.splitlines()
                  if line.startswith("-") and not line.startswith("---"))
    assert sum(r["added"] for r in view["changed_files"]) == added
    assert sum(r["removed"] for r in view["changed_files"]) == removed
    assert "diff" not in view


def test_tasks_show_refuses_an_unknown_task(capsys):
    assert cli(["tasks", "show", "no-such-task"]) == 2
    assert "unknown task 'no-such-task'" in capsys.readouterr().err


@pytest.mark.parametrize("columns", [72, 120])
def test_tables_fit_the_terminal(columns):
    done = _run("tasks", "list", columns=columns)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert len(lines) > len(get_bank().by_id)
    assert max(len(line) for line in lines) <= columns
    if columns >= 120:  # room for whole ids; narrower, rich folds the long ones
        assert all(t in done.stdout for t in get_bank().by_id)


def test_tasks_difficulty_has_column_headers(tmp_path, capsys):
    bank_dir = tmp_path / "tasks"
    for task_id in (EXAMPLE_TASK, sorted(t.id for t in get_bank().by_id.values() if t.clean)[0]):
        shutil.copytree(ROOT / "tasks" / task_id, bank_dir / task_id)
    assert cli(["tasks", "--tasks-dir", str(bank_dir), "difficulty"]) == 0
    out = capsys.readouterr().out
    header = next(line for line in out.splitlines() if "difficulty" in line and "task" in line)
    for column in ("difficulty", "task", "issue", "flagged by"):
        assert column in header
    assert EXAMPLE_TASK in out
    assert re.search(r"medium\s*\S\s*1\s*\S\s*[01]\s*\S\s*\d+%", out)  # the totals table


def test_tasks_validate_reports_each_task_as_it_goes(capsys):
    assert cli(["tasks", "validate", EXAMPLE_TASK]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("validating 1 task(s)")
    assert re.match(rf"ok\s+{EXAMPLE_TASK}\s+f2p=\d+ p2p=\d+\s+\[1/1\]\s+[\d.]+ s$", lines[1])
    assert re.match(r"1 passed, 0 failed in [\d.]+ s$", lines[-1])


def test_eval_on_the_generated_split_needs_a_limit(capsys):
    assert cli(["eval", "--agent", "null", "--split", "generated", "--no-progress"]) == 2
    assert "--limit N" in capsys.readouterr().err


def test_eval_plays_the_first_generated_tasks(tmp_path):
    out = tmp_path / "gen.json"
    assert cli(["eval", "--agent", "oracle", "--split", "generated", "--limit", "2",
                "--no-progress", "--json", str(out)]) == 0
    report = json.loads(out.read_text())
    assert [e["task_id"] for e in report["episodes"]] == ["gen-0", "gen-1"]
    assert {e["split"] for e in report["episodes"]} == {"generated"}
    assert [e["score"] for e in report["episodes"]] == [1.0, 1.0]
    assert report["errors"] == 0


def test_eval_limit_takes_the_first_tasks_of_a_split(server_url, tmp_path):
    out = tmp_path / "null.json"
    assert cli(["eval", "--agent", "null", "--split", "test", "--limit", "3", "--url",
                server_url, "--no-progress", "--json", str(out)]) == 0
    report = json.loads(out.read_text())
    first = [t.id for t in get_bank().split("test")][:3]
    assert [e["task_id"] for e in report["episodes"]] == first


def test_the_submit_summary_names_the_gating_of_the_decision():
    env = PythonEnvironment()
    env.reset(task_id=EXAMPLE_TASK)
    obs = env.step(PythonAction(action_type="submit", decision="request_changes"))
    assert obs.score.decision_correct and obs.score.parts["decision"] == 0.0
    text = obs.tool_output
    assert "decision request_changes is right" in text
    assert "gated: 1 x max(findings 0.00, patch 0.00) = 0.00" in text
    assert "score 0.000 = 0.45 x findings 0.00 + 0.35 x patch 0.00 + 0.20 x decision 0.00" in text


def test_tasks_list_shows_answers_for_the_train_split_only(capsys):
    bank = get_bank()
    held_out = [t for t in bank.by_id.values() if t.split != "train"]
    assert held_out and any(t.clean for t in held_out) and any(t.bug_classes for t in held_out)
    assert cli(["tasks", "list", "--json"]) == 0
    rows = {row["id"]: row for row in json.loads(capsys.readouterr().out)}
    assert set(rows) == set(bank.by_id)
    for task in bank.by_id.values():
        row = rows[task.id]
        if task.split == "train":
            assert (row["clean"], row["classes"]) == (task.clean, task.bug_classes)
        else:
            assert row["clean"] is None and row["classes"] is None, task.id
    assert cli(["tasks", "list", "--json", "--reveal"]) == 0
    revealed = {row["id"]: row for row in json.loads(capsys.readouterr().out)}
    for task in held_out:
        assert (revealed[task.id]["clean"], revealed[task.id]["classes"]) == (
            task.clean, task.bug_classes)
    # The table: no held-out task's classes, and the caption says how to see them.
    wide = _run("tasks", "list", "--split", "test", columns=400)
    assert wide.returncode == 0, wide.stderr
    for task in (t for t in held_out if t.split == "test"):
        (line,) = [x for x in wide.stdout.splitlines() if f" {task.id} " in x]
        assert not any(c in line for c in task.bug_classes), line
    assert "--reveal" in wide.stdout
    shown = _run("tasks", "list", "--split", "test", "--reveal", columns=400)
    assert any(c in shown.stdout for t in held_out if t.split == "test" for c in t.bug_classes)


def test_build_real_defaults_to_the_builders_mutants_per_pr():
    from python_env.cli import build_parser
    from python_env.server.tasks.real.pr_tasks import MUTANTS_PER_PR

    args = build_parser().parse_args(["tasks", "build-real"])
    assert args.mutants == MUTANTS_PER_PR
