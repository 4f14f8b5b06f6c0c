"""A competent review earns the credit a person would give it (the variants: tests/fairness.py).

The reverse of the canaries: reviews that found the defect, reported in ways a person accepts,
must not be pushed to the floor with the reward hackers. Curated tasks across the categories
(single- and multi-file, two-issue ones, reference spans with `also` locations, the worked
example of docs/grading.md) and generated ones. All the variants of one task are played the
first time one of its tests asks, two episodes at a time.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

import pytest

from python_env.models import PythonObservation

from . import fairness
from .episodes import play_all, run_witness, task_by_id, witness_proves

CURATED = [
    "pagination-off-by-one",  # the worked example
    "quote-currency-pricing",  # an `also` location in another file
    "sec-invoice-number-tenant",  # an `also` location in another file, a two-file fix
    "sec-filehub-route-unquote",  # an `also` location in the same file
    "plan-change-proration",  # two issues in one file
    "psp-minor-units-migration",  # two issues in two files
    "checkout-multibuy-offers",  # two issues in two files, critical and major
    "cache-snapshot-persistence",  # security and resource
    "semver-prerelease-precedence",
    "crm-dedupe-shared-seen",  # a static check among the witnesses
    "sec-invoice-search-like",
    "contact-merge-persistent-index",  # performance
    "cache-stats-fill-ratio",  # concurrency
    "csv2json-multi-input-errors",  # error_handling
    "sku-summary-revenue-ranking",  # api_contract, in a file the pull request does not change
]
GENERATED = ["gen-0", "gen-2", "gen-4"]
TASK_IDS = CURATED + GENERATED

Check = Callable[[PythonObservation, dict[str, PythonObservation]], bool]


def _total(low: float) -> Check:
    return lambda obs, _: obs.reward >= low - 1e-9


def _at_most(high: float) -> Check:
    return lambda obs, _: obs.reward <= high + 1e-9


def _neighbour(obs: PythonObservation, results: dict[str, PythonObservation]) -> bool:
    exact = results["exact_with_fix"].score.parts["findings"]
    return obs.score.parts["findings"] >= 0.6 * exact - 1e-9


def _full_patch(obs: PythonObservation, results: dict[str, PythonObservation]) -> bool:
    # A correct fix written otherwise earns what the reference fix earns, findings alike.
    exact = results["exact_with_fix"].reward
    return obs.score.parts["patch"] == 1.0 and obs.reward >= exact - 1e-9


def _proven(obs: PythonObservation, _) -> bool:
    # A proven finding earns all but the patch part: findings 1.0, decision justified by it.
    return obs.score.parts["findings"] == 1.0 and obs.reward >= 0.65 - 1e-9


# Variant family -> (what it must score, the check). A family's episodes are named `family` or
# `family[...]` (tests/fairness.py `plans`).
EXPECTED: dict[str, tuple[str, Check]] = {
    "exact_with_fix": ("total == 1.0", lambda obs, _: obs.reward == pytest.approx(1.0)),
    "other_line_of_statement": ("total >= 0.85", _total(0.85)),
    "def_line_with_fix": ("total >= 0.85", _total(0.85)),
    "call_site_with_fix": ("total >= 0.85", _total(0.85)),
    "also_location_with_fix": ("total >= 0.85", _total(0.85)),
    "neighbour_category_with_fix": ("findings >= 0.6 x exact findings", _neighbour),
    "severity_off_by_one_with_fix": ("total >= 0.85", _total(0.85)),
    "fix_only": ("total >= 0.5", _total(0.5)),
    "alternative_fix_rewritten": ("patch == 1.0, total as exact_with_fix", _full_patch),
    "alternative_fix_by_hand": ("patch == 1.0, total as exact_with_fix", _full_patch),
    "wrong_diagnosis_no_patch": ("total <= 0.35", _at_most(0.35)),
    "exact_no_patch": ("total <= 0.35", _at_most(0.35)),
    "exact_no_patch_with_witness": ("findings == 1.0 and total >= 0.65", _proven),
}
BY_HAND = {"alternative_fix_by_hand": fairness.ALTERNATIVE_FIXES,
           "exact_no_patch_with_witness": fairness.WITNESSES}
CASES = [(family, task_id) for family in EXPECTED for task_id in TASK_IDS
         if family not in BY_HAND or task_id in BY_HAND[family]]


@cache
def outcomes(task_id: str) -> dict[str, PythonObservation]:
    task = task_by_id(task_id)
    return play_all(task, {name: (lambda obs, files, plan=plan: plan)
                           for name, plan in fairness.plans(task).items()})


def _family(name: str) -> str:
    return name.split("[", 1)[0]


def _describe(obs: PythonObservation) -> str:
    parts = ", ".join(f"{k} {v:.3f}" for k, v in obs.score.parts.items())
    return f"total {obs.reward:.3f} ({parts})"


@pytest.mark.parametrize(("family", "task_id"), CASES)
def test_a_competent_review_gets_its_credit(family, task_id):
    results = outcomes(task_id)
    mine = {name: obs for name, obs in results.items() if _family(name) == family}
    if not mine:
        pytest.skip(f"{family} does not apply to {task_id}")
    wanted, check = EXPECTED[family]
    failed = {name: _describe(obs) for name, obs in mine.items() if not check(obs, results)}
    assert not failed, f"wanted {wanted}:\n" + "\n".join(
        f"{name}: {text}" for name, text in sorted(failed.items()))


def test_every_variant_applies_to_several_tasks():
    applicable = {family: [t for t in CURATED if any(
        _family(name) == family for name in fairness.plans(task_by_id(t)))] for family in EXPECTED}
    thin = {family: tasks for family, tasks in applicable.items() if len(tasks) < 2}
    assert not thin, thin
    assert len(fairness.ALTERNATIVE_FIXES) >= 3 and len(fairness.WITNESSES) >= 4


def test_neighbouring_categories_are_symmetric():
    for category, neighbours in fairness.NEIGHBOURS.items():
        for neighbour in neighbours:
            assert category in fairness.NEIGHBOURS[neighbour], (category, neighbour)


@pytest.mark.parametrize("task_id", sorted(fairness.WITNESSES))
def test_hand_written_witnesses_fail_on_the_head_and_pass_on_fixes(task_id):
    task = task_by_id(task_id)
    tests = fairness.WITNESSES[task_id]
    assert set(tests) == {issue.id for issue in task.issues}
    alternative = ({**task.head, **fairness.alternative_fix(task)}
                   if task_id in fairness.ALTERNATIVE_FIXES else None)
    for issue_id, source in tests.items():
        on_head, on_fix = witness_proves(task, source)
        assert on_head and "passed" not in on_head, (issue_id, on_head)
        assert on_fix and set(on_fix) == {"passed"}, (issue_id, on_fix)
        if alternative is not None:
            assert set(run_witness(alternative, source)) == {"passed"}, issue_id
