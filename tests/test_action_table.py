"""The one table of actions: the Literal, the validator, the handler registry, the schema and
openenv.yaml all derive from it, and a new row shows up in each derivation."""

from __future__ import annotations

import typing

import pytest
import yaml
from pydantic import TypeAdapter, ValidationError

from python_env.action_table import (
    ACTION_SPECS,
    ACTION_TYPES,
    ACTIONS,
    PAYLOAD_FIELDS,
    ActionSpec,
    action_literal,
    describe_actions,
)
from python_env.check import MANIFEST
from python_env.models import ActionType, PythonAction, PythonObservation, payload_problem
from python_env.server import actions

FLY = ActionSpec("fly", "leave the review", required=("path",), optional=("pattern",))


def test_every_derivation_agrees_with_the_table() -> None:
    assert tuple(spec.name for spec in ACTIONS) == ACTION_TYPES
    assert typing.get_args(ActionType) == ACTION_TYPES
    schema = PythonAction.model_json_schema()["properties"]
    assert tuple(schema["action_type"]["enum"]) == ACTION_TYPES
    assert tuple(actions.HANDLERS) == ACTION_TYPES
    assert tuple(PythonObservation().available_actions) == ACTION_TYPES
    manifest = yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))
    assert tuple(manifest["validation"]["capabilities"]["declared_tools"]) == ACTION_TYPES
    # The model declares exactly the table's payload fields, no more, no fewer.
    assert set(PythonAction.model_fields) - {"action_type", "metadata"} == set(PAYLOAD_FIELDS)


def test_the_schema_describes_every_action_from_the_table() -> None:
    text = PythonAction.model_json_schema()["properties"]["action_type"]["description"]
    for spec in ACTIONS:
        assert f"{spec.signature}: {spec.description}" in text
    assert "propose_patch(path, content | diff)" in text
    assert "read_file(path, start_line?, end_line?)" in text
    assert "submit(decision, summary?)" in text


@pytest.mark.parametrize("spec", ACTIONS, ids=lambda spec: spec.name)
def test_the_validator_follows_each_row(spec: ActionSpec) -> None:
    values = {"path": "a.py", "start_line": 1, "end_line": 2, "pattern": "x", "finding_id": 0,
              "content": "x = 1\n", "diff": "@@", "decision": "approve", "summary": "s",
              "finding": {"file": "a.py", "line": 1, "category": "bug", "severity": "minor",
                          "title": "t"}}
    required = {name: values[name] for name in spec.required}
    one = {spec.one_of[0]: values[spec.one_of[0]]} if spec.one_of else {}
    PythonAction(action_type=spec.name, **required, **one)  # the minimum is accepted
    for name in spec.required:
        with pytest.raises(ValidationError, match=f"{spec.name} requires: {name}"):
            PythonAction(action_type=spec.name, **{k: v for k, v in required.items()
                                                   if k != name}, **one)
    for name in sorted(set(PAYLOAD_FIELDS) - spec.fields):
        with pytest.raises(ValidationError, match=f"{spec.name} does not take: {name}"):
            PythonAction(action_type=spec.name, **required, **one, **{name: values[name]})


def test_a_new_row_shows_up_in_the_literal_the_validator_and_the_registry() -> None:
    table = (*ACTIONS, FLY)
    literal = action_literal(table)
    assert typing.get_args(literal) == (*ACTION_TYPES, "fly")
    assert TypeAdapter(literal).validate_python("fly") == "fly"
    with pytest.raises(ValidationError):
        TypeAdapter(action_literal()).validate_python("fly")
    assert payload_problem(FLY, set()) == "fly requires: path"
    assert payload_problem(FLY, {"path", "diff"}) == "fly does not take: diff"
    assert payload_problem(FLY, {"path", "pattern"}) is None
    assert "fly(path, pattern?): leave the review" in describe_actions(table)

    # A row without a handler (or a handler without a row) is refused when the registry builds.
    with pytest.raises(LookupError, match=r"no handler for \['fly'\]"):
        actions.registry(table, dict(actions.HANDLERS))

    def fly(episode, action) -> str:
        return "flown"

    with pytest.raises(LookupError, match=r"handlers for no action \['fly'\]"):
        actions.registry(ACTIONS, {**actions.HANDLERS, "fly": fly})
    registry = actions.registry(table, {**actions.HANDLERS, "fly": fly})
    assert tuple(registry) == (*ACTION_TYPES, "fly") and registry["fly"] is fly


def test_exactly_one_of_is_declared_not_coded() -> None:
    patch = ACTION_SPECS["propose_patch"]
    assert patch.one_of == ("content", "diff")
    message = "propose_patch takes exactly one of content or diff"
    assert payload_problem(patch, {"path"}) == message
    assert payload_problem(patch, {"path", "content", "diff"}) == message
    assert payload_problem(patch, {"path", "diff"}) is None


def test_a_malformed_row_is_refused() -> None:
    with pytest.raises(ValueError, match="both required and optional"):
        ActionSpec("x", "x", required=("path",), optional=("path",))
    with pytest.raises(ValueError, match="one_of fields must be optional"):
        ActionSpec("x", "x", required=("path",), one_of=("path", "diff"))


def test_only_submit_ends_the_episode() -> None:
    assert [spec.name for spec in ACTIONS if spec.ends_episode] == ["submit"]


def test_the_readme_lists_the_table() -> None:
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Actions (", 1)[1].split("\n### ", 1)[0]
    rows = [line.split("|")[1:3] for line in section.splitlines() if line.startswith("| `")]
    assert tuple(name.strip().strip("`") for name, _ in rows) == ACTION_TYPES
    for (_, fields), spec in zip(rows, ACTIONS, strict=True):
        for field in spec.fields:
            assert f"`{field}" in fields, (spec.name, field)


def test_the_llm_prompt_teaches_every_action() -> None:
    from python_env.agents.llm import SYSTEM_PROMPT

    for name in ACTION_TYPES:
        assert f'{{"action_type": "{name}"' in SYSTEM_PROMPT, name
