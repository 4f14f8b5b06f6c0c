import contextlib
import io
import json
import os
import random
import tempfile

from recordtool.cli import main
from recordtool.sampling import reservoir_sample


def test_reservoir_returns_k_distinct_items():
    sample = reservoir_sample(range(100), 7, random.Random(5))
    assert len(sample) == 7
    assert len(set(sample)) == 7
    assert all(0 <= item < 100 for item in sample)


def test_reservoir_with_fewer_items_than_k():
    assert reservoir_sample(["x", "y"], 5, random.Random(1)) == ["x", "y"]


def test_sample_command_is_reproducible_with_a_seed():
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "orders.jsonl")
        with open(path, "w", encoding="utf-8") as handle:
            handle.writelines(json.dumps({"id": i}) + "\n" for i in range(50))
        outputs = []
        for _ in range(2):
            out = io.StringIO()
            with contextlib.redirect_stdout(out):
                assert main(["sample", path, "-n", "3", "--seed", "42"]) == 0
            outputs.append(out.getvalue())
    assert outputs[0] == outputs[1]
    assert len(outputs[0].splitlines()) == 3
