import contextlib
import io
import json


def _fresh(name):
    import os

    os.makedirs(name, exist_ok=True)
    os.chdir(name)


def _write(name, text):
    with open(name, "w", encoding="utf-8", newline="") as handle:
        handle.write(text)


def _run(argv):
    from csv2json.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(argv)
        except SystemExit as exc:
            code = exc.code
    return code, out.getvalue(), err.getvalue()


def check_bad_file_reported():
    _fresh("bad_file_reported")
    _write("store-1.csv", "sku,qty\nA1,3\nB2,5\n")
    _write("store-2.csv", "sku,qty\nC3,1\nD4\n")
    code, out, err = _run(["store-*.csv"])
    return [code, json.loads(out) if out else None, "store-2.csv" in err]


def check_missing_file_reported():
    _fresh("missing_file_reported")
    _write("north.csv", "sku,qty\nA1,3\n")
    code, out, err = _run(["north.csv", "south.csv", "--lines"])
    return [code, out.splitlines(), "south.csv" in err]


def check_glob_source_field_and_lines():
    _fresh("glob_source_field_and_lines")
    import os

    os.makedirs("exports", exist_ok=True)
    _write("exports/store-b.csv", "sku;qty;price\nB1;2;1.50\n")
    _write("exports/store-a.csv", "sku;qty;price\nA1;;true\n\nA2;-4;.5\n")
    code, out, err = _run(["exports/store-*.csv", "exports/store-a.csv", "-d", ";",
                           "--lines", "--source-field", "store"])
    return [code, [json.loads(line) for line in out.splitlines()], err]


def check_unmatched_patterns():
    _fresh("unmatched_patterns")
    _write("only.csv", "a,b\n1,x\n")
    nothing = _run(["missing-*.csv"])
    partly = _run(["missing-*.csv", "only.csv", "--indent", "1"])
    return [nothing[0], nothing[1], "missing-*.csv" in nothing[2],
            partly[0], json.loads(partly[1]), "missing-*.csv" in partly[2]]


def check_expand_inputs():
    _fresh("expand_inputs")
    from csv2json.convert import expand_inputs

    for name in ("b.csv", "a.csv", "c.txt"):
        _write(name, "x\n1\n")
    paths, unmatched = expand_inputs(["*.csv", "a.csv", "zzz.csv", "nope/*.csv"])
    return [[str(p) for p in paths], unmatched]
