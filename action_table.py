"""The one table of reviewer actions: each type, the fields it takes and what it does.

Everything else derives from `ACTIONS`: the `ActionType` Literal and the payload validator
(models.py), the handler registry (server/actions.py), the JSON schema, and the check that
`openenv.yaml`'s `declared_tools` agree (check.py). Adding an action is one row here and one
handler function. Apart from models.py, like vocabulary.py, so that the server and the tools
can read the table without importing OpenEnv.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

__all__ = ["ACTIONS", "ACTION_SPECS", "ACTION_TYPES", "PAYLOAD_FIELDS", "ActionSpec",
           "action_literal", "describe_actions"]


@dataclass(frozen=True)
class ActionSpec:
    """One action type: the payload fields it requires and accepts, and what it does."""

    name: str
    description: str
    required: tuple[str, ...] = ()
    optional: tuple[str, ...] = ()
    # Fields of which exactly one must be given (each must also be listed in `optional`).
    one_of: tuple[str, ...] = ()
    # Ends the episode: the step grades the review after the handler ran.
    ends_episode: bool = False

    def __post_init__(self) -> None:
        if set(self.required) & set(self.optional):
            raise ValueError(f"{self.name}: a field is both required and optional")
        if not set(self.one_of) <= set(self.optional):
            raise ValueError(f"{self.name}: one_of fields must be optional fields")

    @property
    def fields(self) -> frozenset[str]:
        """Every payload field this action takes."""
        return frozenset(self.required) | frozenset(self.optional)

    @property
    def signature(self) -> str:
        """As agents read it: `read_file(path, start_line?, end_line?)`."""
        if self.one_of:
            alone = [f for f in self.optional if f not in self.one_of]
            args = [*self.required, " | ".join(self.one_of), *(f"{f}?" for f in alone)]
        else:
            args = [*self.required, *(f"{f}?" for f in self.optional)]
        return f"{self.name}({', '.join(args)})"


ACTIONS: tuple[ActionSpec, ...] = (
    ActionSpec("read_file", "show lines of a workspace file (1-based, inclusive)",
               required=("path",), optional=("start_line", "end_line")),
    ActionSpec("search", "lines of every file matching a regular expression (RE2 syntax)",
               required=("pattern",)),
    ActionSpec("run_tests", "run the pull request's visible tests in the sandbox"),
    ActionSpec("run_static_analysis", "run ruff and bandit on the changed files"),
    ActionSpec("add_finding", "record a finding in the review", required=("finding",)),
    ActionSpec("remove_finding", "remove a finding by its id", required=("finding_id",)),
    ActionSpec("propose_patch", "replace a file (content) or apply a unified diff to it",
               required=("path",), optional=("content", "diff"), one_of=("content", "diff")),
    ActionSpec("request_hint", "a hint about the next reference issue (costs score)"),
    ActionSpec("submit", "end the review with a decision: approve or request_changes",
               required=("decision",), optional=("summary",), ends_episode=True),
)

ACTION_SPECS: dict[str, ActionSpec] = {spec.name: spec for spec in ACTIONS}
if len(ACTION_SPECS) != len(ACTIONS):
    raise ValueError("two rows of ACTIONS share a name")
ACTION_TYPES: tuple[str, ...] = tuple(ACTION_SPECS)
# Every payload field of any action, in the table's order of first use.
PAYLOAD_FIELDS: tuple[str, ...] = tuple(dict.fromkeys(
    name for spec in ACTIONS for name in (*spec.required, *spec.optional)))


def action_literal(specs: tuple[ActionSpec, ...] = ACTIONS) -> Any:
    """`Literal["read_file", ...]` of the table's names (subscripting with a tuple lists them)."""
    return Literal[tuple(spec.name for spec in specs)]  # type: ignore[valid-type]


def describe_actions(specs: tuple[ActionSpec, ...] = ACTIONS) -> str:
    """One line per action, `signature: description`, as the schema shows them."""
    return "\n".join(f"{spec.signature}: {spec.description}" for spec in specs)
