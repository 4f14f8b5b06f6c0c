"""`check_env`: the environment's public contract, checked the way Gymnasium's `check_env` does.

Run it on an in-process environment (`check_env()`) or on a live server
(`check_env(base_url="http://127.0.0.1:8000")`). It plays a few short episodes through the public
API only and raises `EnvCheckError` listing every broken promise:

- schema: the action types of the table (`action_table.py`), the models, the JSON schema and
  `openenv.yaml` agree, and the schema describes every action;
- reset: a fresh episode (step count 0, not done, reward 0, a task and its files);
- determinism: the same seed or task id gives the same pull request;
- steps: every action type is accepted, intermediate rewards are 0, the step count advances,
  a failing action reports `last_action_error` and leaves the session usable;
- submit: ends the episode with a reward in [0, 1] equal to the breakdown's total, and a step
  after the end is refused.
"""

from __future__ import annotations

import typing
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Protocol

from .action_table import ACTION_TYPES, ACTIONS
from .models import ActionType, Finding, PythonAction, PythonObservation

MANIFEST = Path(__file__).with_name("openenv.yaml")
DEFAULT_RESETS: tuple[dict[str, Any], ...] = (
    {"split": "train", "index": 0},
    {"split": "test", "index": 0},
)


class EnvCheckError(AssertionError):
    """The environment breaks its contract; `problems` lists each broken promise."""

    def __init__(self, problems: list[str]):
        super().__init__("environment check failed:\n- " + "\n- ".join(problems))
        self.problems = problems


class _Session(Protocol):
    def reset(self, **kwargs: Any) -> PythonObservation: ...
    def step(self, action: PythonAction) -> PythonObservation: ...
    def state(self) -> Any: ...


class _Local:
    def __init__(self, env: Any):
        self.env = env

    def reset(self, **kwargs: Any) -> PythonObservation:
        return self.env.reset(**kwargs)

    def step(self, action: PythonAction) -> PythonObservation:
        return self.env.step(action)

    def state(self) -> Any:
        return self.env.state


class _Remote:
    def __init__(self, client: Any):
        self.client = client

    def reset(self, **kwargs: Any) -> PythonObservation:
        return self.client.reset(**kwargs).observation

    def step(self, action: PythonAction) -> PythonObservation:
        return self.client.step(action).observation

    def state(self) -> Any:
        return self.client.state()


@contextmanager
def _session(env: Any, base_url: str | None) -> Iterator[_Session]:
    if base_url is not None:
        from .client import PythonEnv

        with PythonEnv(base_url=base_url).sync() as client:
            yield _Remote(client)
        return
    if env is None:
        from .server.python_env_environment import PythonEnvironment

        env = PythonEnvironment()
        try:
            yield _Local(env)
        finally:
            env.close()
        return
    yield _Local(env)


def check_schema() -> list[str]:
    """The table's action types agree with the models, the JSON schema and the manifest."""
    import yaml

    problems = []
    expected = list(ACTION_TYPES)
    if list(typing.get_args(ActionType)) != expected:
        problems.append(f"ActionType {typing.get_args(ActionType)} != ACTION_TYPES {expected}")
    schema = PythonAction.model_json_schema()["properties"]["action_type"]
    if schema.get("enum") != expected:
        problems.append(f"action schema enum {schema.get('enum')} != ACTION_TYPES {expected}")
    described = schema.get("description", "")
    missing = [spec.name for spec in ACTIONS if spec.signature not in described]
    if missing:
        problems.append(f"the action schema does not describe {missing}")
    manifest = yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))
    declared = manifest["validation"]["capabilities"]["declared_tools"]
    if declared != expected:
        problems.append(f"openenv.yaml declared_tools {declared} != ACTION_TYPES {expected}")
    return problems


def _probe_actions(obs: PythonObservation) -> list[PythonAction]:
    """One valid action of every non-terminal type, built from what the observation shows."""
    path = next((f.path for f in obs.files if f.changed and f.lines > 0), obs.files[0].path)
    return [
        PythonAction(action_type="read_file", path=path, start_line=1, end_line=3),
        PythonAction(action_type="search", pattern="def "),
        PythonAction(action_type="run_static_analysis"),
        PythonAction(action_type="add_finding", finding=Finding(
            file=path, line=1, category="maintainability", severity="minor",
            title="check_env placeholder", rationale="check_env: a placeholder finding")),
        PythonAction(action_type="remove_finding", finding_id=0),
        PythonAction(action_type="run_tests"),
        PythonAction(action_type="request_hint"),
        PythonAction(action_type="propose_patch", path=path, content="# check_env\n"),
    ]


def _episode(session: _Session, reset: dict[str, Any], problems: list[str]) -> None:
    def need(ok: bool, message: str) -> None:
        if not ok:
            problems.append(f"{reset}: {message}")

    obs = session.reset(**reset)
    state = session.state()
    need(not obs.done and obs.reward in (None, 0.0), "reset returned a finished episode")
    need(bool(obs.task_id) and bool(obs.files) and bool(obs.diff), "reset shows no pull request")
    need(state.step_count == 0 and bool(state.episode_id), "state after reset is not fresh")
    need(state.task_id == obs.task_id, "state and observation name different tasks")
    again = session.reset(**reset)
    need((again.task_id, again.diff) == (obs.task_id, obs.diff), "reset is not deterministic")

    actions = _probe_actions(obs)
    seen = {a.action_type for a in actions} | {"submit"}
    need(seen == set(ACTION_TYPES), f"check_env does not cover {set(ACTION_TYPES) - seen}")
    for n, action in enumerate(actions, 1):
        obs = session.step(action)
        need(obs.last_action_error is None,
             f"{action.action_type} failed: {obs.last_action_error}")
        need(not obs.done and obs.reward in (None, 0.0),
             f"{action.action_type} paid or ended the episode before submit")
        need(session.state().step_count == n, f"step count is not {n} after {n} steps")
    bad = session.step(PythonAction(action_type="read_file", path="no/such/file.py"))
    need(bad.last_action_error is not None, "reading a missing file reported no error")
    need(not bad.done, "a failing action ended the episode")

    final = session.step(PythonAction(action_type="submit", decision="request_changes"))
    need(final.done, "submit did not end the episode")
    need(final.score is not None, "submit returned no score breakdown")
    reward = final.reward
    need(reward is not None and 0.0 <= reward <= 1.0, f"reward {reward} is outside [0, 1]")
    if final.score is not None and reward is not None:
        need(abs(final.score.total - reward) < 1e-9, "reward differs from the breakdown's total")
    need(bool(session.state().done), "state is not done after submit")
    try:
        after = session.step(PythonAction(action_type="run_tests"))
        need(after.last_action_error is not None, "a step after submit was accepted")
    except Exception:  # refused as an error answer: also a refusal
        pass


def check_env(env: Any = None, *, base_url: str | None = None,
              resets: tuple[dict[str, Any], ...] = DEFAULT_RESETS) -> None:
    """Check the contract on `env` (default: a new in-process environment) or a live server.

    Raises EnvCheckError listing every problem; returns None when all checks pass.
    """
    problems = check_schema()
    with _session(env, base_url) as session:
        for reset in resets:
            try:
                _episode(session, reset, problems)
            except Exception as exc:  # an exception is a broken promise too: report, go on
                problems.append(f"{reset}: {type(exc).__name__}: {exc}")
    if problems:
        raise EnvCheckError(problems)
