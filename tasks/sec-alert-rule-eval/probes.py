import os

RULES = """
# storage
disk_pressure: disk_used_pct > 85 and (inode_used_pct > 70 or not backups_ok)
cpu_hot: cpu_pct >= 95
queue_stuck: queue_depth > 1000 and consumers == 0
latency_band: 200 < p99_ms <= 800
memory_low: not mem_free_mb > 256
"""


def check_condition_cannot_reach_python_internals():
    from alerting.rules import evaluate, load_rules

    payload = ("[c for c in ().__class__.__base__.__subclasses__() "
               "if c.__name__ == '_wrap_close'][0].__init__.__globals__['mkdir']('rule-ran') "
               "is None")
    try:
        rules = load_rules([f"innocent: {payload}"])
        evaluate(rules[0], {"cpu_pct": 10})
    except Exception:  # noqa: BLE001, S110
        pass
    return {"code_ran": os.path.exists("rule-ran")}


def check_condition_cannot_call_functions():
    from alerting.rules import evaluate, load_rules

    fired = []
    for condition in ("cpu_pct.__class__.__name__ == 'int'", "(lambda: 1)() == 1",
                      "[x for x in (1, 2)] != 0", "cpu_pct > 10"):
        try:
            rule = load_rules([f"r: {condition}"])[0]
            fired.append(evaluate(rule, {"cpu_pct": 50}) is True)
        except Exception:  # noqa: BLE001
            fired.append(False)
    return fired


def check_compound_conditions():
    from alerting.rules import firing, load_rules

    rules = load_rules(RULES.splitlines())
    snapshots = [
        {"disk_used_pct": 90, "inode_used_pct": 40, "backups_ok": 0, "cpu_pct": 20,
         "queue_depth": 5, "consumers": 2, "p99_ms": 150, "mem_free_mb": 1024},
        {"disk_used_pct": 90, "inode_used_pct": 40, "backups_ok": 1, "cpu_pct": 95,
         "queue_depth": 5000, "consumers": 0, "p99_ms": 800, "mem_free_mb": 100},
        {"disk_used_pct": 80, "inode_used_pct": 99, "backups_ok": 0, "cpu_pct": 94.9,
         "queue_depth": 5000, "consumers": 1, "p99_ms": 801, "mem_free_mb": 256},
    ]
    return [[r.name for r in rules]] + [firing(rules, s) for s in snapshots]


def check_missing_metrics_do_not_fire():
    from alerting.rules import firing, load_rules

    rules = load_rules(RULES.splitlines())
    return [firing(rules, {}), firing(rules, {"cpu_pct": 99}),
            firing(rules, {"disk_used_pct": 99, "backups_ok": 0})]


def check_parse_errors():
    from alerting.rules import RuleError, load_rules

    out = []
    for text in (["no colon here"], ["Bad-Name: x > 1"], ["a: x >"], ["a: x > 1", "a: y > 2"]):
        try:
            load_rules(text)
            out.append("accepted")
        except RuleError:
            out.append("RuleError")
    return out
