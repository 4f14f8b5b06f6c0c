"""Contracts of the python_env environment: the action, the observation, the state.

Every field carries a description: they reach `/schema`, which agents read. Nothing here may hold
ground truth (reference issues, fixes, probe inputs or expected outputs): all of it reaches the
client.
"""

from __future__ import annotations

from typing import Any, Literal

from openenv.core.env_server.types import Action, Observation, State
from pydantic import BaseModel, ConfigDict, Field, StrictInt, field_validator, model_validator
from pydantic_core import PydanticCustomError

from .action_table import (
    ACTION_SPECS,
    ACTION_TYPES,
    PAYLOAD_FIELDS,
    ActionSpec,
    action_literal,
    describe_actions,
)
from .vocabulary import Category, Severity

# Size limits: an over-size payload is refused by validation, with a clear message, before any
# handler runs, and the session stays usable.
MAX_PATH_CHARS = 300
MAX_PATTERN_CHARS = 200
MAX_TEXT_CHARS = 4_000
MAX_PATCH_CHARS = 200_000
MAX_WITNESS_CHARS = 8_000
MAX_EPISODE_ID_CHARS = 255  # as OpenEnv's HTTP ResetRequest
MAX_SPLIT_CHARS = 64

ActionType = action_literal()  # the table's names, for validation and the JSON schema


def _invalid(message: str) -> PydanticCustomError:
    """A validation error whose details serialise to JSON.

    A plain ValueError lands in the error's `ctx` as an exception object, which OpenEnv's
    WebSocket handler cannot serialise: the session would be dropped instead of answered.
    """
    return PydanticCustomError("invalid_action", message)


def surrogate_free(value: Any) -> Any:
    """Refuse lone surrogates (e.g. from a JSON "\\ud800" escape) anywhere in a value.

    They are valid in a Python str but not Unicode text: echoed back in an observation, a state
    or an error, they make the answer unserialisable, and on disk they cannot be written.
    """
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if not item.isascii():
                try:
                    item.encode("utf-8")
                except UnicodeEncodeError:
                    raise PydanticCustomError(
                        "lone_surrogate", "text holds a lone surrogate: not valid Unicode"
                    ) from None
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list | tuple):
            stack.extend(item)
    return value


class UnicodeTextModel(BaseModel):
    """A model whose every field is checked by `surrogate_free` (one validator for all)."""

    @field_validator("*", mode="after")
    @classmethod
    def _no_lone_surrogates(cls, value: Any) -> Any:
        return surrogate_free(value)


class Finding(UnicodeTextModel):
    """One problem the reviewer reports, anchored to lines of a file at the pull request's head."""

    model_config = ConfigDict(extra="forbid")

    file: str = Field(
        ..., min_length=1, max_length=MAX_PATH_CHARS, description="Workspace-relative file path."
    )
    line: StrictInt = Field(
        ..., ge=1, description="First line (1-based) of the problem in the file."
    )
    end_line: StrictInt | None = Field(
        default=None, ge=1, description="Last line of the problem; defaults to `line`."
    )
    category: Category = Field(..., description="Kind of problem (closed set).")
    severity: Severity = Field(..., description="critical, major or minor.")
    title: str = Field(..., min_length=1, max_length=200, description="One-line summary.")
    rationale: str = Field(
        default="", max_length=MAX_TEXT_CHARS, description="Why this is a problem."
    )
    suggestion: str | None = Field(
        default=None, max_length=MAX_TEXT_CHARS, description="How to fix it (optional)."
    )
    witness_test: str | None = Field(
        default=None,
        max_length=MAX_WITNESS_CHARS,
        description="Optional evidence: Python source defining test functions (`def test_*():`, "
        "plain asserts, standard library only, importing the project like the visible tests). "
        "Run at submit: it proves the finding when it fails on the code under review and "
        "passes on the reference fix (and behaves the same on behaviour-preserving rewrites "
        "of both). A proven finding earns full findings credit.",
    )

    @model_validator(mode="after")
    def _span_is_ordered(self) -> Finding:
        if self.end_line is not None and self.end_line < self.line:
            raise _invalid(f"end_line ({self.end_line}) is before line ({self.line})")
        return self


class RecordedFinding(Finding):
    """A finding as held in the review, with the id `remove_finding` takes."""

    id: int = Field(..., description="Id of the finding within this episode.")


def payload_problem(spec: ActionSpec, given: set[str]) -> str | None:
    """What is wrong with the payload fields `given` for the action `spec`, or None."""
    missing = [name for name in spec.required if name not in given]
    if missing:
        return f"{spec.name} requires: {', '.join(missing)}"
    extra = sorted(given - spec.fields)
    if extra:
        return f"{spec.name} does not take: {', '.join(extra)}"
    if spec.one_of and len(given & set(spec.one_of)) != 1:
        return f"{spec.name} takes exactly one of {' or '.join(spec.one_of)}"
    return None


class PythonAction(UnicodeTextModel, Action):
    """One reviewer action. `action_type` selects it; each type takes only its own fields
    (listed in the description of `action_type`)."""

    action_type: ActionType = Field(
        ..., description="Which action to take (? marks an optional field):\n"
        + describe_actions())
    path: str | None = Field(
        default=None,
        max_length=MAX_PATH_CHARS,
        description="read_file / propose_patch: workspace-relative file path.",
    )
    start_line: StrictInt | None = Field(
        default=None, ge=1, description="read_file: first line to show (1-based)."
    )
    end_line: StrictInt | None = Field(
        default=None, ge=1, description="read_file: last line to show (inclusive)."
    )
    pattern: str | None = Field(
        default=None,
        min_length=1,
        max_length=MAX_PATTERN_CHARS,
        description="search: a Python regular expression matched against each line.",
    )
    finding: Finding | None = Field(default=None, description="add_finding: the finding.")
    finding_id: StrictInt | None = Field(
        default=None, ge=0, description="remove_finding: id of the finding to remove."
    )
    content: str | None = Field(
        default=None,
        max_length=MAX_PATCH_CHARS,
        description="propose_patch: the complete new content of the file.",
    )
    diff: str | None = Field(
        default=None,
        max_length=MAX_PATCH_CHARS,
        description="propose_patch: a unified diff against the current file (instead of content).",
    )
    decision: Literal["approve", "request_changes"] | None = Field(
        default=None, description="submit: approve, or request_changes."
    )
    summary: str | None = Field(
        default=None, max_length=MAX_TEXT_CHARS, description="submit: the review's summary."
    )

    @model_validator(mode="after")
    def _fields_match_action_type(self) -> PythonAction:
        given = {name for name in PAYLOAD_FIELDS if getattr(self, name) is not None}
        problem = payload_problem(ACTION_SPECS[self.action_type], given)
        if problem is not None:
            raise _invalid(problem)
        if (self.start_line is not None and self.end_line is not None
                and self.end_line < self.start_line):
            raise _invalid(f"end_line ({self.end_line}) is before start_line ({self.start_line})")
        return self


class ResetOptions(UnicodeTextModel):
    """What `reset` accepts. Integers are strict: `true` is not 1 and `"0"` is not 0."""

    model_config = ConfigDict(extra="forbid")

    seed: StrictInt | None = Field(
        default=None, ge=0, description="Picks the task at random, reproducibly."
    )
    episode_id: str | None = Field(
        default=None, max_length=MAX_EPISODE_ID_CHARS, description="Echoed in state."
    )
    split: str | None = Field(
        default=None, min_length=1, max_length=MAX_SPLIT_CHARS,
        description="train, validation, test, or generated.",
    )
    index: StrictInt | None = Field(default=None, ge=0, description="Index within the split.")
    task_id: str | None = Field(
        default=None, min_length=1, max_length=MAX_PATH_CHARS, description="A task by id."
    )

    @model_validator(mode="before")
    @classmethod
    def _known_options(cls, data: Any) -> Any:
        if isinstance(data, dict):
            unknown = sorted(str(k) for k in data if k not in cls.model_fields)
            if unknown:
                raise _invalid(f"unknown reset option(s): {', '.join(unknown)}; accepted: "
                               f"{', '.join(cls.model_fields)}")
        return data

    @model_validator(mode="after")
    def _one_way_to_pick(self) -> ResetOptions:
        if self.task_id is not None and (self.split is not None or self.index is not None):
            raise _invalid("give task_id, or split and index, not both")
        return self


class FileEntry(BaseModel):
    """A file of the workspace."""

    path: str = Field(..., description="Workspace-relative path.")
    changed: bool = Field(..., description="True when the pull request changes this file.")
    lines: int = Field(..., description="Number of lines at the pull request's head.")


class MatchedIssue(BaseModel):
    """A reference issue that one of the submitted findings matched."""

    finding_id: int = Field(..., description="Id of the matching finding.")
    issue_index: int = Field(..., description="Index of the reference issue in the task.")
    category: Category = Field(..., description="Category of the reference issue.")
    severity: Severity = Field(..., description="Severity of the reference issue.")
    credit: float = Field(
        ..., description="Located credit: issue weight x severity agreement x category credit "
        "x localisation."
    )
    evidence: Literal["proven", "corroborated", "unproven"] = Field(
        ..., description="proven: the finding's witness test; corroborated: the patch fixes the "
        "issue; unproven: neither (the pair earns less)."
    )
    localisation: float = Field(..., description="How precisely the finding points (0-1].")
    category_credit: float = Field(..., description="Category compatibility (0-1].")
    severity_agreement: float = Field(..., description="Severity agreement (0-1].")


class PatchResult(BaseModel):
    """What the hidden checks said about the final workspace."""

    evaluated: bool = Field(..., description="False when the workspace was never changed.")
    status: str = Field(..., description="ok, syntax_error, timeout, crashed, or unchanged.")
    fail_to_pass_passed: int = Field(..., description="Fail-to-pass checks now passing.")
    fail_to_pass_total: int = Field(..., description="Fail-to-pass checks in the task.")
    pass_to_pass_passed: int = Field(..., description="Pass-to-pass checks still passing.")
    pass_to_pass_total: int = Field(..., description="Pass-to-pass checks in the task.")


class ScoreBreakdown(BaseModel):
    """The final grade, part by part. Present only on the observation that ends the episode."""

    reward_version: str = Field(..., description="Version of the reward definition.")
    total: float = Field(..., description="The episode's reward, in [0, 1].")
    kind: Literal["buggy", "clean"] = Field(
        ..., description="buggy: the PR has reference issues; clean: it should be approved."
    )
    parts: dict[str, float] = Field(..., description="Score of each rubric part, in [0, 1].")
    weights: dict[str, float] = Field(..., description="Weight of each part in the total.")
    hint_penalty: float = Field(..., description="Subtracted for hints requested.")
    precision: float = Field(..., description="Weighted precision of the findings.")
    recall: float = Field(..., description="Weighted recall of the findings (1 on clean PRs).")
    matched: list[MatchedIssue] = Field(default_factory=list, description="Matched issues.")
    evidence: float = Field(
        default=0.0, description="Share of the located credit backed by evidence (unproven "
        "pairs count at a reduced weight); 0 when nothing matched."
    )
    false_positive_ids: list[int] = Field(
        default_factory=list, description="Ids of findings that matched no reference issue."
    )
    proven_unlisted_ids: list[int] = Field(
        default_factory=list, description="Ids of findings that matched no reference issue but "
        "whose witness test is proven: a real defect, not a false positive."
    )
    proven_ids: list[int] = Field(
        default_factory=list, description="Ids of findings whose witness test is proven."
    )
    issues_fixed: list[int] = Field(
        default_factory=list, description="Indices of the issues the final patch fixes."
    )
    issues_total: int = Field(..., description="Number of reference issues.")
    patch: PatchResult | None = Field(default=None, description="Hidden-check results.")
    decision: str | None = Field(default=None, description="The decision submitted.")
    decision_correct: bool = Field(..., description="Whether the decision was the right one.")


class PythonObservation(Observation):
    """What the reviewer sees after each step."""

    task_id: str = Field(default="", description="Id of the task (the pull request).")
    difficulty: str = Field(default="", description="easy, medium or hard.")
    pr_title: str = Field(default="", description="Title of the pull request.")
    pr_description: str = Field(default="", description="Description written by its author.")
    diff: str = Field(default="", description="Unified diff from the base to the head.")
    files: list[FileEntry] = Field(default_factory=list, description="Files of the workspace.")
    available_actions: list[str] = Field(
        default_factory=lambda: list(ACTION_TYPES), description="The action types."
    )
    tool_output: str = Field(default="", description="Output of the last action.")
    findings: list[RecordedFinding] = Field(
        default_factory=list, description="The review's findings so far."
    )
    step_budget: int = Field(default=0, description="Steps allowed in this episode.")
    steps_remaining: int = Field(default=0, description="Steps left before the review is due.")
    hints_used: int = Field(default=0, description="Hints requested so far.")
    last_action_error: str | None = Field(
        default=None, description="Why the last action failed, or null when it succeeded."
    )
    score: ScoreBreakdown | None = Field(
        default=None, description="The final grade; set only when the episode ends."
    )


class PythonState(State):
    """Public episode state. Holds nothing secret."""

    task_id: str | None = Field(default=None, description="Id of the current task.")
    split: str | None = Field(default=None, description="Split the task belongs to.")
    done: bool = Field(default=False, description="Whether the episode has ended.")
