"""Hidden checks of a real task: the package's own tests, run by pytest in the sandbox.

A check is a group of test units (a test module, or a top-level test function or class of one:
`tests/test_x.py::TestY`); at most `MAX_CHECKS` per task, since pytest's start-up is paid once
per probe and, on a loaded 2-core machine, costs more than a small module's tests. A module is
split into its units when the suite has fewer modules than checks, so that a one-module suite
still has checks that fail on a defect and checks that keep passing.

A probe's unit (see probe_units.py) carries the whole suite as a literal (`FILES`), writes it
into the probe's private working directory and runs pytest there on its units, so the hidden
tests never sit in the reviewer's workspace, where a patch could edit them. pytest runs without
assertion rewriting or a terminal (only outcomes matter). The probe returns every test's
outcome, `[node id, outcome]` sorted; pass or fail is decided outside the sandbox by comparing
that with the release's own output (grading/checks.py), as for every probe.
"""

from __future__ import annotations

import re

MAX_CHECKS = 6

# Written into the probes file verbatim: it runs in the sandbox, with pytest from
# pytest_bundle.py and the code under review on sys.path.
HELPER = '''
def _outcomes(*targets):
    import os

    for path, text in FILES.items():
        folder = os.path.dirname(path)
        if folder:
            os.makedirs(folder, exist_ok=True)
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(text)
    seen = {}

    class Collect:
        def pytest_collectreport(self, report):
            if report.failed:
                seen[report.nodeid or ",".join(targets)] = "error"

        def pytest_runtest_logreport(self, report):
            if report.failed:
                seen[report.nodeid] = "failed" if report.when == "call" else "error"
            elif report.when == "call" or (report.skipped and report.nodeid not in seen):
                seen.setdefault(report.nodeid, "skipped" if report.skipped else "passed")

    with open("pytest.ini", "w", encoding="utf-8") as handle:
        handle.write("[pytest]\\n")
    options = ["-c", "pytest.ini", "--rootdir", ".", "--assert=plain"]
    for plugin in ("terminal", "cacheprovider", "pastebin", "junitxml", "doctest", "stepwise",
                   "faulthandler"):
        options += ["-p", "no:" + plugin]
    pytest.main([*targets, *options], plugins=[Collect()])
    return sorted([nodeid, outcome] for nodeid, outcome in seen.items())
'''


def unit_of(nodeid: str) -> str:
    """The unit a test belongs to: `path::TopLevelName` (parameters and methods dropped)."""
    path, _, rest = nodeid.partition("::")
    if not rest:
        return path
    return f"{path}::{rest.split('::')[0].split('[')[0]}"


def groups(units: list[str]) -> list[list[str]]:
    """`units` (sorted) cut into at most MAX_CHECKS contiguous groups of near-equal size."""
    units = sorted(units)
    count = min(MAX_CHECKS, len(units))
    size, extra = divmod(len(units), count) if count else (0, 0)
    out, start = [], 0
    for i in range(count):
        end = start + size + (1 if i < extra else 0)
        out.append(units[start:end])
        start = end
    return out


def check_name(index: int, group: list[str]) -> str:
    """`check_<index>_<first unit>`, e.g. `check_2_test_x_TestY`."""
    stem = group[0].removeprefix("tests/").replace(".py", "")
    return f"check_{index}_" + re.sub(r"[^A-Za-z0-9_]", "_", stem)[:60]


def probes_source(files: dict[str, str], checks: list[list[str]]) -> str:
    """The probes file: the suite's text files as a literal, the helper, one probe per group."""
    lines = ['"""Hidden checks: the package\'s own tests, run by pytest."""', "",
             "import pytest", "", f"FILES = {files!r}", "", HELPER.strip("\n"), ""]
    for index, group in enumerate(checks):
        args = ", ".join(repr(unit) for unit in group)
        lines += ["", f"def {check_name(index, group)}():", f"    return _outcomes({args})", ""]
    return "\n".join(lines)


def units_of(source: str) -> dict[str, list[str]]:
    """check name -> the test units it runs, read back from a probes file."""
    found = re.findall(r"def (check_\w+)\(\):\n    return _outcomes\(([^)]*)\)", source)
    return {name: re.findall(r"'([^']+)'", args) for name, args in found}
