"""The static reviewer: turns the analysers' diagnostics on the lines a pull request adds into
findings, and requests changes when it has any.

It runs `run_static_analysis` once, parses each diagnostic line (the format of
`server/analysis.py` `Diagnostic.render`: `file:line: RULE [tool/severity] message`), keeps those
on lines the diff adds at the head, and records one finding per line.

Category of a diagnostic (first rule that applies):

- error_handling: ruff BLE*, S110, S112, B904, TRY*; bandit B110, B112 (swallowed or blind
  exceptions, lost causes)
- resource: ruff SIM115, PLR1732 (a file or resource opened outside a context manager)
- performance: ruff PERF*
- concurrency: ruff ASYNC* (blocking calls in async code)
- security: every other ruff S* rule and every bandit rule
- bug: everything else (ruff B bugbear, F, E, PL, DTZ, RUF, ...)

Severity, from the analyser's own (ruff's is derived from the rule prefix by the server):
high -> critical for a security finding, major otherwise; medium -> major; low -> minor.

Several diagnostics on one line (ruff and bandit often agree) make one finding: the category of
the most specific rule (error_handling, resource, performance, concurrency, security, then bug)
and the highest severity. Consecutive lines flagged by the same rule within MERGE_GAP lines
(for example B023 on each lambda of one loop) make one finding spanning them. Import-only notes
(bandit B403/B404, ruff S403/S404) and `assert` notes (B101/S101) are ignored: they flag a module
being used, not a defect.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..models import Finding, PythonAction, PythonObservation
from ..vocabulary import SEVERITY_RANK

DIAGNOSTIC = re.compile(
    r"^(?P<file>[^:\n]+):(?P<line>\d+): (?P<rule>\S+) \[(?P<tool>[\w-]+)/(?P<severity>\w+)\] "
    r"(?P<message>.*)$"
)
HUNK = re.compile(r"^@@ -\d+(?:,\d+)? \+(?P<start>\d+)(?:,(?P<count>\d+))? @@")
IGNORED_RULES = frozenset({"B101", "S101", "B403", "S403", "B404", "S404"})
MERGE_GAP = 3
# Lower is more specific: it wins when several diagnostics share a line.
CATEGORY_PRIORITY = ("error_handling", "resource", "performance", "concurrency", "security", "bug")


@dataclass(frozen=True)
class Diagnostic:
    file: str
    line: int
    rule: str
    tool: str
    severity: str  # high, medium, low (as the analyser reports it)
    message: str


def parse_diagnostics(text: str) -> list[Diagnostic]:
    """Diagnostics of a `run_static_analysis` output; other lines are skipped."""
    out = []
    for raw in text.splitlines():
        m = DIAGNOSTIC.match(raw.strip())
        if m:
            out.append(Diagnostic(m["file"], int(m["line"]), m["rule"], m["tool"],
                                  m["severity"].lower(), m["message"].strip()))
    return out


def added_lines(diff: str) -> dict[str, set[int]]:
    """Head line numbers each file's hunks add, from a unified diff."""
    added: dict[str, set[int]] = {}
    current: str | None = None
    new_line = 0
    remaining_old = remaining_new = 0
    for raw in diff.splitlines():
        if remaining_old <= 0 and remaining_new <= 0:
            if raw.startswith("+++ "):
                target = raw[4:].split("\t")[0].strip()
                current = None if target == "/dev/null" else target.removeprefix("b/")
                if current is not None:
                    added.setdefault(current, set())
                continue
            m = HUNK.match(raw)
            if m:
                new_line = int(m["start"])
                remaining_new = int(m["count"]) if m["count"] is not None else 1
                old = re.match(r"^@@ -\d+(?:,(\d+))?", raw)
                remaining_old = int(old.group(1)) if old and old.group(1) is not None else 1
            continue
        if raw.startswith("\\"):  # "\ No newline at end of file"
            continue
        tag = raw[:1]
        if tag == "+":
            if current is not None:
                added[current].add(new_line)
            new_line += 1
            remaining_new -= 1
        elif tag == "-":
            remaining_old -= 1
        else:  # context (a blank context line may have lost its leading space)
            new_line += 1
            remaining_new -= 1
            remaining_old -= 1
    return added


def category_of(d: Diagnostic) -> str:
    rule = d.rule.upper()
    if d.tool == "bandit":
        return "error_handling" if rule in ("B110", "B112") else "security"
    if rule.startswith(("BLE", "TRY")) or rule in ("S110", "S112", "B904"):
        return "error_handling"
    if rule in ("SIM115", "PLR1732"):
        return "resource"
    if rule.startswith("PERF"):
        return "performance"
    if rule.startswith("ASYNC"):
        return "concurrency"
    if rule.startswith("S") and rule[1:2].isdigit():
        return "security"
    return "bug"


def severity_of(d: Diagnostic, category: str) -> str:
    if d.severity == "high":
        return "critical" if category == "security" else "major"
    if d.severity == "medium":
        return "major"
    return "minor"


@dataclass
class _Group:
    file: str
    line: int
    end_line: int
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def rules(self) -> set[str]:
        return {d.rule for d in self.diagnostics}

    def finding(self) -> Finding:
        cats = [category_of(d) for d in self.diagnostics]
        category = min(cats, key=CATEGORY_PRIORITY.index)
        severity = max((severity_of(d, category) for d in self.diagnostics),
                       key=SEVERITY_RANK.__getitem__)
        main = next(d for d, c in zip(self.diagnostics, cats, strict=True) if c == category)
        rules = ", ".join(sorted({f"{d.tool} {d.rule}" for d in self.diagnostics}))
        rationale = "\n".join(sorted({f"{d.tool} {d.rule}: {d.message}"
                                      for d in self.diagnostics}))
        return Finding(
            file=self.file, line=self.line,
            end_line=self.end_line if self.end_line > self.line else None,
            category=category, severity=severity,
            title=f"{main.rule}: {main.message}"[:200],
            rationale=f"Reported by {rules} on a line this pull request adds.\n{rationale}"[:3900],
        )


def findings_from(tool_output: str, diff: str) -> list[Finding]:
    """Findings for the diagnostics on added lines: one per line, runs of one rule merged."""
    added = added_lines(diff)
    diagnostics = [
        d for d in parse_diagnostics(tool_output)
        if d.rule.upper() not in IGNORED_RULES and d.line in added.get(d.file, ())
    ]
    by_line: dict[tuple[str, int], _Group] = {}
    for d in sorted(diagnostics, key=lambda d: (d.file, d.line, d.tool, d.rule)):
        group = by_line.setdefault((d.file, d.line), _Group(d.file, d.line, d.line))
        group.diagnostics.append(d)
    merged: list[_Group] = []
    for group in by_line.values():  # ordered by (file, line)
        last = merged[-1] if merged else None
        if (last is not None and last.file == group.file
                and group.line - last.end_line <= MERGE_GAP and last.rules == group.rules):
            last.end_line = group.line
            last.diagnostics.extend(group.diagnostics)
        else:
            merged.append(group)
    return [group.finding() for group in merged]


class StaticAgent:
    """run_static_analysis, then one add_finding per flagged added line, then submit."""

    name = "static"

    def __init__(self) -> None:
        self._queue: list[PythonAction] | None = None
        self._analysed = False

    def begin(self, observation: PythonObservation) -> None:
        self._queue = None
        self._analysed = False

    def act(self, observation: PythonObservation) -> PythonAction:
        if not self._analysed:
            self._analysed = True
            return PythonAction(action_type="run_static_analysis")
        if self._queue is None:
            findings = []
            if observation.last_action_error is None:
                findings = findings_from(observation.tool_output, observation.diff)
            # Keep one step for submit; the most severe findings first if the budget is short.
            room = max(0, observation.steps_remaining - 1)
            findings.sort(key=lambda f: -SEVERITY_RANK[f.severity.value])
            findings = sorted(findings[:room], key=lambda f: (f.file, f.line))
            self._queue = [PythonAction(action_type="add_finding", finding=f) for f in findings]
            decision = "request_changes" if findings else "approve"
            summary = (f"{len(findings)} analyser finding(s) on added lines" if findings
                       else "the analysers report nothing on the lines this pull request adds")
            self._queue.append(PythonAction(action_type="submit", decision=decision,
                                            summary=summary))
        if len(self._queue) > 1 and observation.steps_remaining <= 1:
            self._queue = self._queue[-1:]
        return self._queue.pop(0) if self._queue else PythonAction(
            action_type="submit", decision="request_changes" if observation.findings
            else "approve")
