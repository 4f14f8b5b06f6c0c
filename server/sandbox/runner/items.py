"""What a child runs: one probe (read from the units file), one test file (stdlib runner), or
all test files in one pytest session; and the checks on what a child reports, since the code
under review can make it report anything.
"""

import marshal
import os
import sys

from .wire import jsonable

OUTCOMES = ("passed", "failed", "error", "skipped")


def probe(fd, index):
    """The prepare() of probe `index`: the child reads its own unit from the units file.

    The host splits the probes file into one unit per probe (its `check_*` function and the
    module-level code it needs) and passes them in a sealed memfd, `fd`: an index of (offset,
    length) pairs, then the units. The runner never reads it, so neither the source nor the name
    of any probe is in its memory; each child reads its own entry and unit, closes the file, and
    only then imports the code under review.
    """

    def prepare():
        entry = os.pread(fd, 16, 16 * index)
        offset = int.from_bytes(entry[:8], "little")
        length = int.from_bytes(entry[8:16], "little")
        data = b""
        while len(data) < length:
            chunk = os.pread(fd, length - len(data), offset + len(data))
            if not chunk:
                raise EOFError("truncated unit")
            data += chunk
        os.close(fd)
        name, source = marshal.loads(data)
        code = compile(source, "<probes>", "exec")

        def run():
            namespace = {"__name__": "probes"}
            exec(code, namespace)  # trusted probe code, compiled before the guard
            return {"ok": jsonable(namespace[name]())}

        return run

    return prepare


def test_file(path):
    def prepare():
        return run

    def run():
        module = type(sys)("test_module")
        module.__file__ = path
        sys.modules["test_module"] = module
        with open(path, "rb") as handle:
            source = handle.read()
        exec(compile(source, path, "exec"), module.__dict__)
        # unittest costs ~20 ms to import: only when the module brought it in itself.
        unittest = sys.modules.get("unittest")
        test_case = getattr(unittest, "TestCase", None)
        outcomes = []
        for attr in sorted(vars(module)):
            obj = getattr(module, attr)
            if attr.startswith("test") and callable(obj) and not isinstance(obj, type):
                outcomes.append(_run_one(attr, obj))
            elif (test_case is not None and isinstance(obj, type)
                  and issubclass(obj, test_case)):
                for method in unittest.TestLoader().getTestCaseNames(obj):
                    case = obj(method)
                    result = unittest.TestResult()
                    case.run(result)
                    problems = result.failures + result.errors
                    outcome = "failed" if result.failures else "error" if result.errors else "passed"
                    outcomes.append({"id": f"{attr}.{method}", "outcome": outcome,
                                     "message": problems[0][1][-600:] if problems else ""})
        return {"tests": outcomes}

    return prepare


def pytest_files(paths, root):
    """Run test modules in one pytest session (the sandbox's pinned copy, see pytest_bundle.py:
    one start-up for all) and report each test's outcome per module, in the record `_test_file`
    gives: pytest's own verdicts, for the reviewer. Hidden pass/fail never comes from here."""

    def prepare():
        return run

    def run():
        import pytest

        outcomes = {}

        class Collect:
            def pytest_collectreport(self, report):
                if report.failed:
                    outcomes[report.nodeid] = ["error", _pytest_message(report)]

            def pytest_runtest_logreport(self, report):
                old = outcomes.get(report.nodeid)
                if report.when == "call" or old is None or old[0] == "passed":
                    if report.failed:
                        new = "failed" if report.when == "call" else "error"
                    elif report.skipped:
                        new = "skipped"
                    else:
                        new = "passed"
                    if old is None or new != "passed":
                        outcomes[report.nodeid] = [new, _pytest_message(report)]

        with open("pytest.ini", "w") as handle:  # the package's own config is not the workspace's
            handle.write("[pytest]\n")
        pytest.main([*(os.path.join(root, path) for path in paths), "-q", "-p", "no:cacheprovider",
                     "-c", "pytest.ini", "--rootdir", root], plugins=[Collect()])
        by_file = {path: [] for path in paths}
        for nodeid in sorted(outcomes):
            path, _, name = nodeid.partition("::")
            outcome, message = outcomes[nodeid]
            if path in by_file:
                by_file[path].append({"id": name or path, "outcome": outcome, "message": message})
        return {path: {"tests": tests} for path, tests in by_file.items()}

    return prepare


def _pytest_message(report):
    if not report.failed:
        return ""
    crash = getattr(getattr(report, "longrepr", None), "reprcrash", None)
    text = crash.message if crash is not None else str(report.longrepr)
    return text[-600:]


def _failing_line(tb):
    """(line number, stripped source line) of the innermost frame, as traceback would give."""
    while tb.tb_next is not None:
        tb = tb.tb_next
    lineno, line = tb.tb_lineno, ""
    try:
        with open(tb.tb_frame.f_code.co_filename, encoding="utf-8", errors="replace") as handle:
            for number, text in enumerate(handle, 1):
                if number == lineno:
                    line = text.strip()
                    break
    except (OSError, TypeError, ValueError):
        pass
    return lineno, line


def _run_one(name, fn):
    try:
        fn()
        return {"id": name, "outcome": "passed", "message": ""}
    except AssertionError as exc:
        lineno, line = _failing_line(exc.__traceback__)
        return {"id": name, "outcome": "failed",
                "message": f"AssertionError: {exc} (line {lineno}: {line})"[:600]}
    except Exception as exc:
        return {"id": name, "outcome": "error", "message": f"{type(exc).__name__}: {exc}"[:600]}


def tests_record(value):
    """A test file's record as the host expects it, or an error record: children can lie."""
    if type(value) is not dict:
        return {"error": "malformed result"}
    if "tests" not in value:
        if set(value) <= {"error", "raises"} and all(type(v) is str for v in value.values()):
            return value
        return {"error": "malformed result"}
    tests = value["tests"]
    if set(value) != {"tests"} or type(tests) is not list:
        return {"error": "malformed result"}
    for test in tests:
        if (type(test) is not dict or set(test) != {"id", "outcome", "message"}
                or test["outcome"] not in OUTCOMES
                or type(test["id"]) is not str or type(test["message"]) is not str):
            return {"error": "malformed result"}
    return value
