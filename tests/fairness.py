"""Competent reviewers, built from a task's reference: the credit a person would give them.

Each variant is a function of the task that returns a plan (the actions of one episode), or
None when it does not apply to the task. They read the reference (`task.issues`,
`task.fix_changes`, `task.head`) to play a reviewer who found the defect and then reports it in
one of the ways a person would accept: the exact span, another line of the same statement, the
`def` line of the function, a call site the pull request adds, a neighbouring category, a
severity one step off, a fix without a finding, a fix written differently, a finding proven by a
test. And two that must not be paid like a diagnosis: the right lines with the wrong reason, and
a bare claim with neither fix nor proof.

`plans(task)` gathers every variant that applies, by name; tests/test_fairness.py holds what each
must score.
"""

from __future__ import annotations

import ast
from collections.abc import Callable

from python_env.models import Finding, PythonAction
from python_env.server.syntax import parse as parse_source
from python_env.server.tasks.model import ReferenceIssue, Task

from .canaries import GENERIC_METHODS, callee, hunks

Plan = list[PythonAction]
SEVERITIES = ("minor", "major", "critical")
# Categories a reviewer may reasonably file the same defect under; the relation is symmetric.
NEIGHBOURS: dict[str, tuple[str, ...]] = {
    "bug": ("security", "concurrency", "performance"),
    "security": ("bug", "performance"),
    "concurrency": ("bug", "performance"),
    "performance": ("bug", "security", "concurrency"),
    "error_handling": ("api_contract",),
    "api_contract": ("error_handling",),
}
WRONG_REASON = "names are not descriptive; no functional problem"


# ------------------------------------------------------------------------------ building blocks
def finding(issue: ReferenceIssue, **changes) -> Finding:
    """The reference finding of `issue`, with some fields changed."""
    fields = dict(file=issue.file, line=issue.start_line,
                  end_line=issue.end_line if issue.end_line > issue.start_line else None,
                  category=issue.category, severity=issue.severity, title=issue.title,
                  rationale=issue.rationale.strip())
    fields.update(changes)
    return Finding(**fields)


def add(f: Finding) -> PythonAction:
    return PythonAction(action_type="add_finding", finding=f)


def patch(files: dict[str, str]) -> Plan:
    return [PythonAction(action_type="propose_patch", path=path, content=content)
            for path, content in sorted(files.items())]


def review(findings: list[Finding], fix: dict[str, str] | None = None,
           decision: str = "request_changes") -> Plan:
    return [*map(add, findings), *patch(fix or {}),
            PythonAction(action_type="submit", decision=decision)]


def at(issue: ReferenceIssue, line: int, file: str | None = None) -> Finding:
    """The reference finding of `issue`, pinned at one other line."""
    return finding(issue, file=file or issue.file, line=line, end_line=None)


def per_issue(task: Task, anchor: Callable[[Task, ReferenceIssue], Finding | None]
              ) -> Plan | None:
    """Each issue reported where `anchor` pins it (the exact finding where it has no answer),
    with the reference fix; None when it pins none of them."""
    findings, moved = [], False
    for issue in task.issues:
        pinned = anchor(task, issue)
        moved |= pinned is not None
        findings.append(pinned or finding(issue))
    return review(findings, task.fix_changes) if moved else None


# ------------------------------------------------------------------------------ reading the code
def _tree(task: Task, path: str) -> ast.Module | None:
    try:
        return parse_source(task.head[path])
    except (KeyError, SyntaxError):
        return None


def _header_end(node: ast.stmt, lines: list[str]) -> int:
    """Last line of a statement's own text: a compound statement's header, before its body."""
    body = getattr(node, "body", None)
    if not isinstance(body, list) or not body or not isinstance(body[0], ast.stmt):
        return node.end_lineno or node.lineno
    last = max(node.lineno, body[0].lineno - 1)
    while last > node.lineno and (not lines[last - 1].strip()
                                  or lines[last - 1].lstrip().startswith("#")):
        last -= 1
    return last


def statement_ranges(task: Task, path: str) -> list[tuple[int, int]]:
    """(first, last) line of every statement of a file (a compound one: its header, without
    its decorators)."""
    tree = _tree(task, path)
    if tree is None:
        return []
    lines = task.head[path].splitlines()
    return [(node.lineno, _header_end(node, lines)) for node in ast.walk(tree)
            if isinstance(node, ast.stmt)]


def enclosing_function(task: Task, issue: ReferenceIssue
                       ) -> ast.FunctionDef | ast.AsyncFunctionDef | None:
    """The innermost function whose lines hold the start of the issue's span."""
    tree = _tree(task, issue.file)
    if tree is None:
        return None
    best = None
    for node in ast.walk(tree):
        if (isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
                and node.lineno <= issue.start_line <= (node.end_lineno or node.lineno)
                and (best is None or node.lineno >= best.lineno)):
            best = node
    return best


# ------------------------------------------------------------------------------ the variants
def exact_with_fix(task: Task) -> Plan | None:
    """What the oracle plays: every reference finding, the reference fix, request changes."""
    return review([finding(i) for i in task.issues], task.fix_changes)


def other_line_of_statement(task: Task) -> Plan | None:
    """The finding on a line of the same multi-line statement outside the reference span: its
    first line when the statement starts before the span, else its last line."""
    def anchor(task: Task, issue: ReferenceIssue) -> Finding | None:
        ranges = [(first, last) for first, last in statement_ranges(task, issue.file)
                  if last > first and first <= issue.end_line and last >= issue.start_line
                  and (first < issue.start_line or last > issue.end_line)]
        if not ranges:
            return None
        first, last = min(ranges, key=lambda r: r[1] - r[0])
        return at(issue, first if first < issue.start_line else last)

    return per_issue(task, anchor)


def def_line_with_fix(task: Task) -> Plan | None:
    """The finding pinned at the `def` line of the function that holds the defect."""
    def anchor(task: Task, issue: ReferenceIssue) -> Finding | None:
        function = enclosing_function(task, issue)
        return at(issue, function.lineno) if function is not None else None

    return per_issue(task, anchor)


def added_calls_to(task: Task, issue: ReferenceIssue) -> list[tuple[str, int]]:
    """(file, line) of each call the diff adds, in any changed file, to the function that holds
    the defect, outside that function and outside the reference spans."""
    function = enclosing_function(task, issue)
    if function is None:
        return []
    name = function.name
    spans = [s for i in task.issues for s in i.spans]
    out = []
    for hunk in hunks(task.diff):
        tree = _tree(task, hunk.file) if hunk.file.endswith(".py") else None
        if tree is None:
            continue
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and node.lineno in hunk.added
                    and callee(node) == name):
                continue
            if isinstance(node.func, ast.Attribute) and name in GENERIC_METHODS:
                continue
            inside = hunk.file == issue.file and (
                function.lineno <= node.lineno <= (function.end_lineno or function.lineno))
            in_span = any(f == hunk.file and s <= node.lineno <= e for f, s, e in spans)
            if not inside and not in_span:
                out.append((hunk.file, node.lineno))
    return sorted(set(out))


def call_site_with_fix(task: Task) -> Plan | None:
    """The finding pinned at a call the pull request adds to the function holding the defect."""
    def anchor(task: Task, issue: ReferenceIssue) -> Finding | None:
        calls = added_calls_to(task, issue)
        return at(issue, calls[0][1], file=calls[0][0]) if calls else None

    return per_issue(task, anchor)


def also_location_with_fix(task: Task) -> Plan | None:
    """The finding at the reference's other location (`also`) rather than its main span."""
    def anchor(task: Task, issue: ReferenceIssue) -> Finding | None:
        if not issue.also:
            return None
        file, start, end = issue.also[0]
        return finding(issue, file=file, line=start, end_line=end if end > start else None)

    return per_issue(task, anchor)


def neighbour_category_with_fix(task: Task, category: str, neighbour: str) -> Plan | None:
    """Every issue of `category` filed under `neighbour` instead, with the fix."""
    if not any(i.category == category for i in task.issues):
        return None
    return review([finding(i, category=neighbour) if i.category == category else finding(i)
                   for i in task.issues], task.fix_changes)


def severity_off_by_one_with_fix(task: Task, step: int) -> Plan | None:
    """Every issue's severity one step lower (step -1) or higher (+1) where there is one."""
    def anchor(task: Task, issue: ReferenceIssue) -> Finding | None:
        rank = SEVERITIES.index(issue.severity) + step
        return finding(issue, severity=SEVERITIES[rank]) if 0 <= rank < len(SEVERITIES) else None

    return per_issue(task, anchor)


def fix_only(task: Task) -> Plan | None:
    """The reference fix and request changes, without a single finding."""
    return review([], task.fix_changes)


def alternative_fix_rewritten(task: Task) -> Plan | None:
    """The reference findings with the reference fix rewritten: `ast.unparse` (no comments,
    other quotes and wrapping) and every function's locals renamed."""
    return review([finding(i) for i in task.issues],
                  {path: rewrite(text) for path, text in task.fix_changes.items()})


def alternative_fix_by_hand(task: Task) -> Plan | None:
    """The reference findings with a fix of ours, written differently from the reference's."""
    if task.id not in ALTERNATIVE_FIXES:
        return None
    return review([finding(i) for i in task.issues], alternative_fix(task))


def wrong_diagnosis_no_patch(task: Task) -> Plan | None:
    """The reference lines and category, but a reason that is not the defect; no patch."""
    return review([finding(i, title=WRONG_REASON, rationale=WRONG_REASON) for i in task.issues])


def exact_no_patch(task: Task) -> Plan | None:
    """The reference findings, with neither a fix nor a witness: a claim without evidence."""
    return review([finding(i) for i in task.issues])


def exact_no_patch_with_witness(task: Task) -> Plan | None:
    """The reference findings, each with a behavioural witness test written by hand; no patch."""
    if task.id not in WITNESSES:
        return None
    tests = WITNESSES[task.id]
    return review([finding(i, witness_test=tests[i.id]) for i in task.issues])


def plans(task: Task) -> dict[str, Plan]:
    """Every variant that applies to `task`, by name (parametrised ones as `name[...]`)."""
    out: dict[str, Plan | None] = {
        "exact_with_fix": exact_with_fix(task),
        "other_line_of_statement": other_line_of_statement(task),
        "def_line_with_fix": def_line_with_fix(task),
        "call_site_with_fix": call_site_with_fix(task),
        "also_location_with_fix": also_location_with_fix(task),
        "fix_only": fix_only(task),
        "alternative_fix_rewritten": alternative_fix_rewritten(task),
        "alternative_fix_by_hand": alternative_fix_by_hand(task),
        "wrong_diagnosis_no_patch": wrong_diagnosis_no_patch(task),
        "exact_no_patch": exact_no_patch(task),
        "exact_no_patch_with_witness": exact_no_patch_with_witness(task),
    }
    for category in sorted({i.category for i in task.issues}):
        for neighbour in NEIGHBOURS.get(category, ()):
            out[f"neighbour_category_with_fix[{category}->{neighbour}]"] = (
                neighbour_category_with_fix(task, category, neighbour))
    for name, step in (("lower", -1), ("higher", 1)):
        out[f"severity_off_by_one_with_fix[{name}]"] = severity_off_by_one_with_fix(task, step)
    return {name: plan for name, plan in out.items() if plan is not None}


# ------------------------------------------------------------------------------ rewriting a fix
def _bound_elsewhere(function: ast.AST) -> set[str]:
    """Names bound in ways a Name rename would miss: parameters of nested scopes, global and
    nonlocal declarations, imports, except-as and match captures."""
    out: set[str] = set()
    for node in ast.walk(function):
        if node is not function and isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef
                                                | ast.Lambda):
            a = node.args
            out |= {x.arg for x in [*a.posonlyargs, *a.args, *a.kwonlyargs, a.vararg, a.kwarg]
                    if x is not None}
        elif isinstance(node, ast.Global | ast.Nonlocal):
            out |= set(node.names)
        elif isinstance(node, ast.Import | ast.ImportFrom):
            out |= {(x.asname or x.name).split(".")[0] for x in node.names}
        elif isinstance(node, ast.ExceptHandler | ast.MatchAs | ast.MatchStar) and node.name:
            out.add(node.name)
        elif isinstance(node, ast.MatchMapping) and node.rest:
            out.add(node.rest)
    return out


def _own_stores(function: ast.FunctionDef | ast.AsyncFunctionDef) -> set[str]:
    """Names assigned in the function's own scope (not in nested functions, classes,
    lambdas or comprehensions)."""
    out: set[str] = set()
    todo: list[ast.AST] = list(function.body)
    while todo:
        node = todo.pop()
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            out.add(node.name)  # a nested definition binds its name here
            continue
        if isinstance(node, ast.Lambda | ast.ListComp | ast.SetComp | ast.DictComp
                      | ast.GeneratorExp):
            continue
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store | ast.Del):
            out.add(node.id)
        todo.extend(ast.iter_child_nodes(node))
    return out


def rename_locals(tree: ast.Module) -> ast.Module:
    """Rename each function's local variables (`total` -> `total_v`), consistently in its body
    and in the closures that read them."""
    taken = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}
    for function in [n for n in ast.walk(tree)
                     if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)]:
        calls = {callee(n) for n in ast.walk(function) if isinstance(n, ast.Call)}
        if calls & {"locals", "vars", "eval", "exec"}:
            continue
        a = function.args
        params = {x.arg for x in [*a.posonlyargs, *a.args, *a.kwonlyargs, a.vararg, a.kwarg]
                  if x is not None}
        nested = {n.name for n in ast.walk(function) if n is not function
                  and isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)}
        names = _own_stores(function) - params - nested - _bound_elsewhere(function)
        mapping = {name: f"{name}_v" for name in names if f"{name}_v" not in taken}
        for node in ast.walk(function):
            if isinstance(node, ast.Name) and node.id in mapping:
                node.id = mapping[node.id]
    return tree


def rewrite(source: str) -> str:
    """The same program written otherwise: locals renamed, then `ast.unparse`."""
    return ast.unparse(ast.fix_missing_locations(rename_locals(parse_source(source)))) + "\n"


# ------------------------------------------------------------------------------ written by hand
# Fixes written differently from the reference's: task id -> file -> (old, new) replacements
# made on the head's text (each `old` occurs exactly once).
ALTERNATIVE_FIXES: dict[str, dict[str, list[tuple[str, str]]]] = {
    "pagination-off-by-one": {"shop/pagination.py": [(
        "        return self.page <= self.pages\n",
        "        # a next page exists while this one ends before the last item\n"
        "        return self.page * self.per_page < self.total\n",
    )]},
    "crm-dedupe-shared-seen": {"crmsync/dedupe.py": [
        ("def dedupe(records: Iterable[CustomerRecord], seen: set[str] = set()) -> "
         "list[CustomerRecord]:\n",
         "_FRESH = object()\n\n\n"
         "def dedupe(records: Iterable[CustomerRecord], seen=_FRESH) -> list[CustomerRecord]:\n"),
        ("    kept: list[CustomerRecord] = []\n",
         "    keys: set[str] = set() if seen is _FRESH else seen\n"
         "    kept: list[CustomerRecord] = []\n"),
        ("        if key in seen:\n            continue\n        seen.add(key)\n",
         "        if key in keys:\n            continue\n        keys.add(key)\n"),
    ]},
    "semver-prerelease-precedence": {"releases/version.py": [(
        "            self.is_prerelease,\n",
        "            -int(self.is_prerelease),\n",
    )]},
    "plan-change-proration": {"subscriptions/proration.py": [
        ("    return (period.end - change_date).days\n",
         "    return period.end.toordinal() - change_date.toordinal() + 1\n"),
        ("    return amount_cents // period_days * days\n",
         "    whole, rest = divmod(amount_cents * days, period_days)\n"
         "    return whole + (2 * rest >= period_days)\n"),
    ]},
    # The other place the reference names: the key is made at the call, not in the model.
    "quote-currency-pricing": {"pricing/service.py": [(
        "self._cache.get_or_load(request.cache_key, ",
        "self._cache.get_or_load(f\"{request.cache_key}:{request.currency}\", ",
    )]},
}


def alternative_fix(task: Task) -> dict[str, str]:
    out = {}
    for path, edits in ALTERNATIVE_FIXES[task.id].items():
        text = task.head[path]
        for old, new in edits:
            assert text.count(old) == 1, (task.id, path, old)
            text = text.replace(old, new)
        out[path] = text
    return out


# Behavioural witness tests: task id -> issue id -> test source. Each fails on the head and
# passes on the reference fix (tests/test_fairness.py checks it in the sandbox), whatever the fix
# looks like: it asserts what the code does, not how it is written.
WITNESSES: dict[str, dict[str, str]] = {
    "pagination-off-by-one": {"has-next-last-page": '''\
from shop.pagination import paginate


def test_no_next_page_after_the_last_one():
    assert not paginate(list(range(30)), page=3, per_page=10).has_next
    assert not paginate(list(range(31)), page=4, per_page=10).has_next
    assert paginate(list(range(31)), page=3, per_page=10).has_next
'''},
    "crm-dedupe-shared-seen": {"seen-mutable-default": '''\
from crmsync.dedupe import dedupe
from crmsync.records import CustomerRecord


def test_calls_without_a_seen_set_are_independent():
    ann = CustomerRecord(external_id="1", email="ann@example.com", name="Ann", country="GB")
    assert dedupe([ann]) == [ann]
    assert dedupe([ann]) == [ann]
'''},
    "semver-prerelease-precedence": {"prerelease-sorts-above-release": '''\
from releases.version import Version


def test_a_release_outranks_its_prereleases():
    assert Version.parse("1.0.0-rc.1") < Version.parse("1.0.0")
    assert not Version.parse("2.1.0") < Version.parse("2.1.0-beta")
    assert str(max(Version.parse(s) for s in ["4.2.0-rc.3", "4.2.0", "4.1.7"])) == "4.2.0"
'''},
    "plan-change-proration": {
        "remaining-days-excludes-last-day": '''\
from datetime import date

from subscriptions.periods import BillingPeriod
from subscriptions.proration import days_remaining


def test_the_change_day_is_counted():
    march = BillingPeriod(date(2024, 3, 1), date(2024, 3, 31))
    assert days_remaining(march, date(2024, 3, 1)) == 31
    assert days_remaining(march, date(2024, 3, 31)) == 1
''',
        "prorate-truncates-daily-rate": '''\
from subscriptions.proration import prorate


def test_the_share_is_rounded_once_at_the_end():
    assert prorate(999, 31, 31) == 999
    assert prorate(999, 15, 31) == 483
'''},
    "quote-currency-pricing": {"cache-key-ignores-currency": '''\
from decimal import Decimal

from pricing.cache import QuoteCache
from pricing.fx import FxTable
from pricing.models import PriceRequest
from pricing.service import PricingService


class Catalogue:
    def list_price(self, sku):
        return Decimal("49.90")


def test_each_currency_gets_its_own_quote():
    fx = FxTable({"USD": Decimal("1.0842")})
    service = PricingService(Catalogue(), QuoteCache(ttl=600, clock=lambda: 0.0), fx)
    assert service.quote(PriceRequest("LAMP-01", "eu")) == Decimal("49.90")
    assert service.quote(PriceRequest("LAMP-01", "eu", "USD")) == Decimal("54.10")
'''},
}
