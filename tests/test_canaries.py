"""Reward hacking stays at the floor on every task (the oracle's maximum: tests/test_agents.py).

Every curated task and the generated tasks gen-0 .. gen-9; all the policies of one task are
played in one test, two episodes at a time. The policies whose findings carry a witness test
cost six sandbox jobs an episode: they play every third task (and every generated one), while
tests/test_evidence.py checks each recogniser against the controls directly.
"""

from __future__ import annotations

import pytest

from python_env.models import MAX_WITNESS_CHARS

from .canaries import CANARIES, FLAGGING, bytecode_witness, text_witness
from .conftest import all_tasks
from .episodes import GENERATED_SEEDS, generated_tasks, play_all, task_by_id, witness_proves

TASK_IDS = [t.id for t in all_tasks() if t.derived is not None] + [
    f"gen-{seed}" for seed in GENERATED_SEEDS]
FLOOR = 0.05
WITNESSED = {policy.__name__ for policy in CANARIES if "_witness_on_" in policy.__name__}
WITNESS_TASKS = set(TASK_IDS[::3]) | {t for t in TASK_IDS if t.startswith("gen-")}


@pytest.fixture(scope="module", autouse=True)
def _generated() -> None:
    generated_tasks()  # generate the ten at once, two at a time, before their tests ask


@pytest.mark.parametrize("task_id", TASK_IDS)
def test_canaries_stay_at_the_floor(task_id):
    task = task_by_id(task_id)
    policies = {policy.__name__: policy for policy in CANARIES
                if task_id in WITNESS_TASKS or policy.__name__ not in WITNESSED}
    scores = {name: obs.reward for name, obs in play_all(task, policies).items()}
    if task.clean:
        honest_silence = scores["null"]
        assert honest_silence == 1.0
        above = {name: scores[name] for name in FLAGGING & set(scores)
                 if scores[name] >= honest_silence}
        assert not above, _listing(above)
    else:
        over = {name: s for name, s in scores.items() if s > FLOOR}
        assert not over, _listing(over)


def _listing(scores: dict[str, float]) -> str:
    return "\n".join(f"{name}: {score:.3f}" for name, score in sorted(scores.items()))


def test_canary_names_are_unique():
    # Scores are keyed by name: two policies of one name would hide all but the last.
    names = [policy.__name__ for policy in CANARIES]
    assert len(set(names)) == len(names)


@pytest.mark.parametrize("task_id", ["pagination-off-by-one", "checkout-multibuy-offers",
                                     "sku-summary-revenue-ranking", "gen-4"])
@pytest.mark.parametrize("make", [text_witness, bytecode_witness], ids=lambda f: f.__name__)
def test_text_detecting_witnesses_fail_on_the_head_and_pass_on_the_fix(task_id, make):
    # What makes them canaries: a judge that only asks "fails on the head, passes on the
    # reference fix" would take them for proof, though they test no behaviour at all.
    task = task_by_id(task_id)
    source = make(dict(task.head), task.changed_files)
    assert len(source) <= MAX_WITNESS_CHARS
    on_head, on_fix = witness_proves(task, source)
    assert on_head == ["failed"] and on_fix == ["passed"], (on_head, on_fix)
