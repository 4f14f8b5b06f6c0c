"""Each action of the environment, in process."""

from __future__ import annotations

import pytest

from python_env.models import Finding, PythonAction
from python_env.server.fair_slots import SandboxBusy
from python_env.server.python_env_environment import PythonEnvironment
from python_env.server.tasks.loader import get_bank

from .conftest import EXAMPLE_TASK

FILE = "shop/pagination.py"


@pytest.fixture
def env():
    environment = PythonEnvironment()
    environment.reset(task_id=EXAMPLE_TASK, episode_id="unit")
    yield environment
    environment.close()


@pytest.fixture
def new_env():
    """PythonEnvironment() for a test that makes several; each is closed at teardown (an open
    one keeps its workspace on disk)."""
    made: list[PythonEnvironment] = []

    def make() -> PythonEnvironment:
        made.append(PythonEnvironment())
        return made[-1]

    yield make
    for environment in made:
        environment.close()


def act(env, **fields):
    return env.step(PythonAction(**fields))


def test_reset_honours_the_state_contract_and_the_seed(new_env):
    env = new_env()
    obs = env.reset(seed=7, episode_id="abc", split="train")
    assert env.state.episode_id == "abc" and env.state.step_count == 0
    assert env.state.task_id == obs.task_id and env.state.split == "train"
    picks = {new_env().reset(seed=7, split="train").task_id for _ in range(3)}
    assert picks == {obs.task_id}
    train = get_bank().split("train")
    if len(train) > 3:
        assert len({new_env().reset(seed=s).task_id for s in range(20)}) > 1
    first = get_bank().split("train")[0]
    assert new_env().reset(split="train", index=0).task_id == first.id
    with pytest.raises(ValueError, match="out of range"):
        env.reset(split="train", index=10_000)
    with pytest.raises(ValueError, match="unknown split"):
        env.reset(split="nope")
    with pytest.raises(ValueError, match="unknown reset option"):
        env.reset(task_id=EXAMPLE_TASK, level=3)


def test_first_observation_shows_the_pull_request(env, example_task):
    obs = env.episode.observe()
    assert obs.pr_title == example_task.title and obs.diff.startswith("--- a/")
    assert [f.path for f in obs.files if f.changed] == [FILE]
    assert any(f.path.startswith("tests/") for f in obs.files)
    assert obs.steps_remaining == obs.step_budget == example_task.max_steps


def test_read_file(env):
    out = act(env, action_type="read_file", path=FILE, start_line=18, end_line=19).tool_output
    assert "   18  " in out and "has_next" in out and "   20  " not in out
    error = act(env, action_type="read_file", path=FILE, start_line=999).last_action_error
    assert "past the end" in error


def test_search(env):
    assert f"{FILE}:18:" in act(env, action_type="search", pattern=r"def has_next").tool_output
    assert "invalid regular expression" in act(env, action_type="search",
                                               pattern="(").last_action_error
    assert "no match" in act(env, action_type="search", pattern="zzz_nothing").tool_output


def test_run_tests_reports_passes_and_failures(env, example_task):
    assert act(env, action_type="run_tests").tool_output.startswith("3 passed, 0 failed")
    broken = example_task.head[FILE].replace("per_page = min(per_page, max_per_page)",
                                             "per_page = per_page")
    act(env, action_type="propose_patch", path=FILE, content=broken)
    out = act(env, action_type="run_tests").tool_output
    assert out.startswith("2 passed, 1 failed") and "test_per_page_is_capped" in out


def test_run_static_analysis_uses_real_analysers(env, example_task):
    assert "report nothing" in act(env, action_type="run_static_analysis").tool_output
    risky = example_task.head[FILE] + "\n\ndef parse(text):\n    return eval(text)\n"
    act(env, action_type="propose_patch", path=FILE, content=risky)
    out = act(env, action_type="run_static_analysis").tool_output
    assert "S307 [ruff" in out and "B307 [bandit" in out


def test_add_and_remove_findings(env):
    finding = Finding(file=FILE, line=19, category="bug", severity="major", title="x")
    obs = act(env, action_type="add_finding", finding=finding)
    assert obs.findings[0].id == 0 and obs.reward == 0.0
    bad = finding.model_copy(update={"file": "nope.py"})
    assert "no such file" in act(env, action_type="add_finding", finding=bad).last_action_error
    past = finding.model_copy(update={"line": 500})
    assert "past them" in act(env, action_type="add_finding", finding=past).last_action_error
    assert "no finding with id 7" in act(env, action_type="remove_finding",
                                         finding_id=7).last_action_error
    assert act(env, action_type="remove_finding", finding_id=0).findings == []


def test_propose_patch(env, example_task):
    bad = act(env, action_type="propose_patch", path=FILE, content="def broken(:\n")
    assert "does not parse" in bad.last_action_error
    assert env.episode.workspace.files[FILE] == example_task.head[FILE]  # unchanged
    diff = ("--- a/shop/pagination.py\n+++ b/shop/pagination.py\n@@ -19 +19 @@\n"
            "-        return self.page <= self.pages\n+        return self.page < self.pages\n")
    assert act(env, action_type="propose_patch", path=FILE, diff=diff).last_action_error is None
    assert env.episode.workspace.files[FILE] == example_task.fixed[FILE]
    again = act(env, action_type="propose_patch", path=FILE, diff=diff)
    assert "does not apply" in again.last_action_error
    escape = act(env, action_type="propose_patch", path="../../x.py", content="x = 1\n")
    assert "invalid path" in escape.last_action_error


def test_hints_cost_and_run_out(env, example_task):
    first = act(env, action_type="request_hint")
    assert example_task.issues[0].hint in first.tool_output and first.hints_used == 1
    assert "no more hints" in act(env, action_type="request_hint").tool_output
    final = act(env, action_type="submit", decision="approve")
    assert final.score.hint_penalty == pytest.approx(0.05) and final.reward == 0.0


def test_budget_exhaustion_submits_the_review(env, example_task):
    for _ in range(example_task.max_steps - 1):
        obs = act(env, action_type="search", pattern="x")
    assert not obs.done and obs.steps_remaining == 1
    obs = act(env, action_type="search", pattern="x")
    assert obs.done and "budget exhausted" in obs.tool_output
    assert obs.score.decision == "approve"


def test_submit_and_step_after_done(env):
    obs = act(env, action_type="submit", decision="request_changes", summary="lgtm? no")
    assert obs.done and isinstance(obs.reward, float) and obs.score.kind == "buggy"
    with pytest.raises(RuntimeError, match="episode is over"):
        act(env, action_type="run_tests")
    assert env.state.step_count == 1


@pytest.mark.parametrize("failure", [RuntimeError("sandbox backend gone"),
                                     SandboxBusy("too many sandbox jobs queued")])
def test_a_grading_failure_keeps_the_review_and_the_episode_open(env, monkeypatch, failure):
    from python_env.server import python_env_environment as module

    real = module.grade_episode
    act(env, action_type="add_finding", finding=Finding(
        file="shop/pagination.py", line=1, category="bug", severity="major", title="t",
        rationale="r"))
    monkeypatch.setattr(module, "grade_episode", lambda *a, **k: (_ for _ in ()).throw(failure))
    obs = act(env, action_type="submit", decision="request_changes")
    assert not obs.done and not env.state.done and obs.score is None
    assert "grading failed" in obs.last_action_error and "submit again" in obs.last_action_error
    assert env.state.step_count == 1 and len(obs.findings) == 1  # not counted; review kept
    monkeypatch.setattr(module, "grade_episode", real)
    obs = act(env, action_type="submit", decision="request_changes")
    assert obs.done and obs.score is not None and obs.last_action_error is None
    assert env.state.step_count == 2


def test_a_closed_environment_refuses_work_clearly(env):
    env.close()
    with pytest.raises(RuntimeError, match="closed"):
        act(env, action_type="run_tests")


@pytest.mark.parametrize("fields,message", [
    ({"action_type": "read_file"}, "read_file requires: path"),
    ({"action_type": "run_tests", "path": "x"}, "run_tests does not take: path"),
    ({"action_type": "propose_patch", "path": "x"}, "exactly one of content or diff"),
    ({"action_type": "submit", "decision": "maybe"}, "decision"),
    ({"action_type": "search", "pattern": "x" * 500}, "at most 200"),
])
def test_action_validation_messages(fields, message):
    with pytest.raises(ValueError, match=message):
        PythonAction(**fields)


def test_run_tests_gives_a_real_task_its_check_timeout_per_test_module(env, monkeypatch):
    """A real package's test module can take seconds: `run_tests` gets the task's check
    timeout per module, as its hidden checks do; a bank task keeps the sandbox's limits."""
    import dataclasses

    from python_env.server import actions
    from python_env.server.sandbox import JobResult
    from python_env.server.visible_tests import test_files

    seen = []
    default = actions.shared_sandbox().limits

    class Recording:
        limits = default

        def run(self, root, job, limits=None):
            seen.append(limits)
            return JobResult("ok", 1.0, {f: {"tests": []} for f in job["files"]})

    monkeypatch.setattr(actions, "shared_sandbox", Recording)
    act(env, action_type="run_tests")
    assert seen[-1] == default
    env._episode.task = dataclasses.replace(env._episode.task, check_timeout_s=20.0)
    act(env, action_type="run_tests")
    files = len(test_files(env._episode.workspace.files))
    assert seen[-1].item_timeout_s == 20.0
    assert seen[-1].wall_s >= files * 20.0 and seen[-1].cpu_s >= files * 20
