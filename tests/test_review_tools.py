"""`action_to_tool_call` is the inverse of the review tools: every action of the oracle's plans
(all nine kinds appear across the bank, with the hint/search/read ones added here), spoken as a
tool call and passed to the tool method, is the action the server would get."""

from __future__ import annotations

from typing import Any

from python_env.agents.oracle import OracleAgent
from python_env.integrations.review_tools import ReviewEnvironment, action_to_tool_call
from python_env.models import ACTION_TYPES, PythonAction, PythonObservation
from python_env.server.tasks.loader import get_bank


class Capturing(ReviewEnvironment):
    """The tools without a server: `_step` keeps the action it would send."""

    def __init__(self) -> None:
        super().__init__("http://127.0.0.1:9")
        self.sent: list[PythonAction] = []

    def _step(self, action: PythonAction, *, record: bool) -> str:
        self.sent.append(action)
        return ""


def _round_trip(action: PythonAction) -> PythonAction:
    name, args = action_to_tool_call(action)
    env = Capturing()
    out: Any = getattr(env, name)(**args)
    assert out == "" and len(env.sent) == 1, out
    return env.sent[0]


def test_every_action_survives_the_tool_call_round_trip() -> None:
    oracle = OracleAgent()
    actions = [a for task in get_bank().by_id.values()
               for a in oracle.plan(PythonObservation(task_id=task.id))]
    actions += [
        PythonAction(action_type="read_file", path="a.py", start_line=2, end_line=9),
        PythonAction(action_type="search", pattern=r"def \w+"),
        PythonAction(action_type="run_tests"),
        PythonAction(action_type="run_static_analysis"),
        PythonAction(action_type="remove_finding", finding_id=3),
        PythonAction(action_type="propose_patch", path="a.py", diff="--- a/a.py\n+++ b/a.py\n"),
        PythonAction(action_type="request_hint"),
        PythonAction(action_type="submit", decision="request_changes", summary="two bugs"),
    ]
    assert {a.action_type for a in actions} == set(ACTION_TYPES)
    for action in actions:
        assert _round_trip(action) == action
