"""Hidden checks of a real task: the package's own test modules, run by pytest in the sandbox.

One probe per group of test modules (at most `MAX_CHECKS` groups: pytest's start-up is paid
once per probe, and on a loaded 2-core machine it costs more than a small module's tests). Its
unit (see probe_units.py) carries the whole test suite as a
literal (`FILES`), writes it into the probe's private working directory and runs pytest on its
module there, so the hidden tests never sit in the reviewer's workspace, where a patch could
edit them. pytest runs without assertion rewriting (only outcomes matter here, and rewriting
costs a compile per module). The probe returns every test's outcome, `[node id, outcome]` sorted; pass or fail
is decided outside the sandbox by comparing that with the release's own outputs
(grading/checks.py), as for every probe.
"""

from __future__ import annotations

import re

MAX_CHECKS = 5

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


def groups(modules: list[str]) -> list[list[str]]:
    """`modules` (sorted) cut into at most MAX_CHECKS contiguous groups of near-equal size."""
    modules = sorted(modules)
    count = min(MAX_CHECKS, len(modules))
    size, extra = divmod(len(modules), count) if count else (0, 0)
    out, start = [], 0
    for i in range(count):
        end = start + size + (1 if i < extra else 0)
        out.append(modules[start:end])
        start = end
    return out


def check_name(group: list[str]) -> str:
    """`[tests/sub/test_x.py, ...]` -> `check_sub_test_x` (`_and_<n>` more)."""
    stem = group[0].removeprefix("tests/").removesuffix(".py")
    more = f"_and_{len(group) - 1}" if len(group) > 1 else ""
    return "check_" + re.sub(r"[^A-Za-z0-9_]", "_", stem) + more


def probes_source(files: dict[str, str], checks: list[list[str]]) -> str:
    """The probes file: the suite's text files as a literal, the helper, one probe per group."""
    lines = ['"""Hidden checks: the package\'s own test modules, run by pytest."""', "",
             "import pytest", "", f"FILES = {files!r}", "", HELPER.strip("\n"), ""]
    for group in checks:
        args = ", ".join(repr(path) for path in group)
        lines += ["", f"def {check_name(group)}():", f"    return _outcomes({args})", ""]
    return "\n".join(lines)


def modules_of(source: str) -> dict[str, list[str]]:
    """check name -> the test modules it runs, read back from a probes file."""
    found = re.findall(r"def (check_\w+)\(\):\n    return _outcomes\(([^)]*)\)", source)
    return {name: re.findall(r"'([^']+)'", args) for name, args in found}
