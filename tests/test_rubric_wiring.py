"""The rubric names its children: each part of the breakdown comes from the child of that name,
whatever order the parts are given in, and a mis-wired child shows."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from python_env.server.grading import rubric as rubric_mod
from python_env.server.grading.rubric import (
    HINT_COST,
    WEIGHTS,
    DecisionRubric,
    FindingsRubric,
    NamedSum,
    NoRegressionRubric,
    PatchRubric,
    ReviewRubric,
    SilenceRubric,
)


@dataclass
class _Scores:
    score: float
    no_regression: bool = True


@dataclass
class _Task:
    clean: bool


@dataclass
class _Context:
    """What the rubrics read, with a distinct value per part so that a swap cannot hide."""

    clean: bool = False
    decision: str = "request_changes"
    hints_used: int = 0
    claimed_weight: float = 3.0  # silence = 1 / (1 + 3) = 0.25
    match: _Scores = field(default_factory=lambda: _Scores(0.9))
    patch: _Scores = field(default_factory=lambda: _Scores(0.3, no_regression=False))

    @property
    def task(self) -> _Task:
        return _Task(self.clean)

    @property
    def expected_decision(self) -> str:
        return "approve" if self.clean else "request_changes"


def test_each_composition_has_the_named_children_of_its_weights() -> None:
    rubric = ReviewRubric()
    kinds = {"buggy": {"findings": FindingsRubric, "patch": PatchRubric,
                       "decision": DecisionRubric},
             "clean": {"silence": SilenceRubric, "decision": DecisionRubric,
                       "no_regression": NoRegressionRubric}}
    for kind, children in kinds.items():
        composition = rubric.get_rubric(kind)
        assert composition.weights == WEIGHTS[kind]
        assert {name for name, _ in composition.named_rubrics()} == set(WEIGHTS[kind])
        for name, cls in children.items():
            assert type(rubric.get_rubric(f"{kind}.{name}")) is cls
    assert rubric.get_rubric("buggy.decision").justified
    assert not rubric.get_rubric("clean.decision").justified


def test_buggy_parts_come_from_the_child_of_that_name() -> None:
    scored = ReviewRubric().score(_Context())
    assert scored.kind == "buggy"
    assert scored.parts == {"findings": 0.9, "patch": 0.3, "decision": 0.9}
    assert scored.weights == WEIGHTS["buggy"]
    assert scored.total == pytest.approx(0.45 * 0.9 + 0.35 * 0.3 + 0.20 * 0.9)


def test_clean_parts_come_from_the_child_of_that_name() -> None:
    scored = ReviewRubric().score(_Context(clean=True, decision="approve", hints_used=1))
    assert scored.kind == "clean"
    assert scored.parts == {"silence": 0.25, "decision": 1.0, "no_regression": 0.0}
    assert scored.total == pytest.approx(0.40 * 0.25 + 0.40 * 1.0 - HINT_COST)


def test_a_mis_wired_child_changes_the_breakdown() -> None:
    # The guard above is not vacuous: swapping two children by name is seen in the parts.
    rubric = ReviewRubric()
    rubric.buggy.findings, rubric.buggy.patch = PatchRubric(), FindingsRubric()
    assert rubric.score(_Context()).parts != {"findings": 0.9, "patch": 0.3, "decision": 0.9}


def test_the_order_of_the_parts_does_not_matter() -> None:
    weights = {"findings": 0.45, "patch": 0.35, "decision": 0.20}
    forward = NamedSum(weights, findings=FindingsRubric(), patch=PatchRubric(),
                       decision=DecisionRubric(justified=True))
    backward = NamedSum(dict(reversed(weights.items())), decision=DecisionRubric(justified=True),
                        patch=PatchRubric(), findings=FindingsRubric())
    ctx = _Context()
    assert forward.scores(None, ctx) == backward.scores(None, ctx)
    assert forward(None, ctx) == pytest.approx(backward(None, ctx))


def test_parts_and_weights_must_name_the_same_children() -> None:
    with pytest.raises(ValueError, match="differ"):
        NamedSum({"findings": 0.5, "patch": 0.5}, findings=FindingsRubric(),
                 fix=PatchRubric())
    with pytest.raises(ValueError, match="sum to"):
        NamedSum({"findings": 0.5, "patch": 0.4}, findings=FindingsRubric(),
                 patch=PatchRubric())


def test_the_openenv_call_path_agrees_with_the_breakdown() -> None:
    rubric = ReviewRubric()
    ctx = _Context()
    total = rubric(None, ctx)  # Rubric.__call__: hooks, last_score
    assert total == rubric.score(ctx).total
    assert rubric.last_score == total
    assert rubric.buggy.findings.last_score == 0.9 and rubric.buggy.patch.last_score == 0.3


def test_the_total_is_clamped() -> None:
    assert ReviewRubric().score(_Context(hints_used=100)).total == rubric_mod.REWARD_RANGE[0]
