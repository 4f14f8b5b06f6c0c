import contextlib
import io
import json


def _write(name, records, extra=""):
    with open(name, "w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record) + "\n")
        handle.write(extra)


def _run(argv):
    from recordtool.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(argv)
        except SystemExit as exc:
            code = exc.code
    return code, [json.loads(line) for line in out.getvalue().splitlines()], err.getvalue()


def check_reservoir_seeded():
    import random

    from recordtool.sampling import reservoir_sample

    return [reservoir_sample(range(1000), 5, random.Random(seed)) for seed in (1, 2, 3)]


def check_reservoir_small_inputs():
    import random

    from recordtool.sampling import reservoir_sample

    out = [reservoir_sample(["a", "b", "c"], 5, random.Random(7)),
           reservoir_sample(iter(["a", "b", "c"]), 3, random.Random(7)),
           reservoir_sample(range(10), 0, random.Random(7))]
    try:
        reservoir_sample(range(3), -1)
    except ValueError:
        out.append("ValueError")
    return out


def check_reservoir_is_uniform():
    import random

    from recordtool.sampling import reservoir_sample

    counts = [0] * 10
    rng = random.Random(2024)
    for _ in range(6000):
        for item in reservoir_sample(range(10), 3, rng):
            counts[item] += 1
    sizes = {len(reservoir_sample(range(10), 3, rng)) for _ in range(50)}
    distinct = all(len(set(reservoir_sample(range(10), 3, rng))) == 3 for _ in range(200))
    return [all(1650 <= c <= 1950 for c in counts), sorted(sizes), distinct, sum(counts)]


def check_sample_command():
    orders = [{"id": i, "status": "paid" if i % 3 else "refunded"} for i in range(40)]
    _write("orders.jsonl", orders, extra="\n")
    code, picked, err = _run(["sample", "orders.jsonl", "-n", "4", "--seed", "11",
                              "--where", "status=paid"])
    again = _run(["sample", "orders.jsonl", "-n", "4", "--seed", "11", "--where",
                  "status=paid", "--keep-order"])
    return [code, picked, err, again[0], again[1],
            sorted(r["id"] for r in picked) == [r["id"] for r in again[1]]]


def check_sample_all_and_errors():
    _write("few.jsonl", [{"id": 1}, {"id": 2}])
    everything = _run(["sample", "few.jsonl", "-n", "10", "--seed", "3"])
    bad_n = _run(["sample", "few.jsonl", "-n", "0"])
    _write("broken.jsonl", [{"id": 1}], extra="[1, 2]\n")
    broken = _run(["sample", "broken.jsonl", "--seed", "1"])
    return [everything[:2], bad_n[0], broken[0], broken[2].strip()]


def check_count_and_head():
    _write("items.jsonl", [{"id": i, "kind": "a" if i < 3 else "b"} for i in range(6)])
    count = _run(["count", "items.jsonl", "--where", "kind=b"])
    head = _run(["head", "items.jsonl", "-n", "2"])
    bad_filter = _run(["head", "items.jsonl", "--where", "kind"])
    return [count[:2], head[:2], bad_filter[0]]
