"""Static analysis with real analysers: ruff (subprocess, JSON) and bandit (in process).

Neither executes the code it reads, so both run outside the sandbox. The reviewer's
`run_static_analysis` honours suppression comments as a developer's tools would; the grader's
static witnesses run with `suppressions=False` (ruff `--ignore-noqa`, bandit `ignore_nosec`), so
that `# noqa`, `# ruff: noqa` or `# nosec` added by a patch cannot make a witnessed issue pass.
"""

from __future__ import annotations

import ast
import json
import logging
import subprocess
import threading
from dataclasses import dataclass
from pathlib import Path

from ruff.__main__ import find_ruff_bin

from .syntax import parse as parse_source

RUFF_SELECT = "E4,E7,E9,F,S,B,BLE,PERF,PL,SIM,RUF,DTZ,ASYNC"
_bandit_lock = threading.Lock()  # bandit keeps global state (logging, test registry)


class _AstWithLockedParse:
    """`ast` as bandit's node visitor sees it: its one `ast.parse` goes through syntax.py's lock
    (see there why), and only that parse, not the whole bandit run, holds the lock."""

    parse = staticmethod(parse_source)

    def __getattr__(self, name: str) -> object:
        return getattr(ast, name)


_BANDIT_AST = _AstWithLockedParse()


@dataclass(frozen=True)
class Diagnostic:
    tool: str
    rule: str
    file: str
    line: int
    end_line: int
    message: str
    severity: str  # bandit: low/medium/high; ruff: derived from the rule prefix

    def render(self) -> str:
        return f"{self.file}:{self.line}: {self.rule} [{self.tool}/{self.severity}] {self.message}"


def _ruff_severity(code: str) -> str:
    if (code[0] == "S" and code[1:2].isdigit()) or code.startswith(("E9", "F8", "PLE")):
        return "high"
    if code.startswith(("B", "BLE", "DTZ", "ASYNC", "F", "PLW")):
        return "medium"
    return "low"


def run_ruff(root: Path, files: list[str], suppressions: bool = True) -> list[Diagnostic]:
    files = [f for f in files if f.endswith(".py") and (root / f).is_file()]
    if not files:
        return []
    proc = subprocess.run(
        [find_ruff_bin(), "check", "--isolated", "--no-cache", "--select", RUFF_SELECT,
         "--output-format", "json", "--exit-zero", *([] if suppressions else ["--ignore-noqa"]),
         *files],
        cwd=root, capture_output=True, text=True, timeout=30, check=False,
    )
    out = []
    for item in json.loads(proc.stdout or "[]"):
        code = item.get("code") or "E999"
        rel = Path(item["filename"]).resolve().relative_to(root.resolve()).as_posix()
        out.append(Diagnostic("ruff", code, rel, item["location"]["row"],
                              item["end_location"]["row"], item["message"], _ruff_severity(code)))
    return out


def run_bandit(root: Path, files: list[str], suppressions: bool = True) -> list[Diagnostic]:
    files = [f for f in files if f.endswith(".py") and (root / f).is_file()]
    if not files:
        return []
    from bandit.core import config, manager, node_visitor

    node_visitor.ast = _BANDIT_AST  # type: ignore[attr-defined]
    with _bandit_lock:
        logging.getLogger("bandit").setLevel(logging.ERROR)
        mgr = manager.BanditManager(config.BanditConfig(), "file", quiet=True,
                                     ignore_nosec=not suppressions)
        mgr.discover_files([str(root / f) for f in files])
        mgr.run_tests()
        issues = mgr.get_issue_list()
    out = []
    for issue in issues:
        rel = Path(issue.fname).resolve().relative_to(root.resolve()).as_posix()
        lines = issue.linerange or [issue.lineno]
        out.append(Diagnostic("bandit", issue.test_id, rel, issue.lineno, max(lines),
                              issue.text, str(issue.severity).lower()))
    return out


def analyse(root: Path, files: list[str], suppressions: bool = True) -> list[Diagnostic]:
    diags = run_ruff(root, files, suppressions) + run_bandit(root, files, suppressions)
    return sorted(diags, key=lambda d: (d.file, d.line, d.tool, d.rule))


def fires(diagnostics: list[Diagnostic], tool: str, rule: str, file: str) -> bool:
    return any(d.tool == tool and d.rule == rule and d.file == file for d in diagnostics)
