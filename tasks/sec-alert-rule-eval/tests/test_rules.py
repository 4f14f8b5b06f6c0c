from alerting.rules import RuleError, evaluate, firing, load_rules, parse_rule


def test_simple_threshold():
    rule = parse_rule("cpu_hot: cpu_pct > 90")
    assert evaluate(rule, {"cpu_pct": 91})
    assert not evaluate(rule, {"cpu_pct": 90})


def test_and_or_not():
    rule = parse_rule("disk: disk_pct > 80 and (inodes_pct > 50 or not backups_ok)")
    assert evaluate(rule, {"disk_pct": 81, "inodes_pct": 10, "backups_ok": 0})
    assert not evaluate(rule, {"disk_pct": 81, "inodes_pct": 10, "backups_ok": 1})


def test_comments_and_duplicates():
    rules = load_rules(["# header", "", "a: x > 1", "b: y < 2"])
    assert firing(rules, {"x": 5, "y": 5}) == ["a"]
    try:
        load_rules(["a: x > 1", "a: x > 2"])
    except RuleError:
        return
    raise AssertionError("duplicate names were accepted")
