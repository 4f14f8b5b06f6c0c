"""Which mutation sites of a PR to try, in what order, before anything runs.

Sites sit on the PR's `+` lines (`find_sites`), drawn in an order seeded by the PR's id that
alternates kinds. A site is drawn only if the hidden tests can reach it, judged statically: its
function (or, for a method, its class) is named in the test modules the checks run, or is named
by a function of the package that is reached (a private helper called from a tested function).
A mutant no test reaches survives every check, so running it would only cost a sandbox job; the
filter is a superset (a name in a test need not call the function), and the sandbox decides.
With the lines the tests executed on the release (executed.py), a site none of whose lines ran
is skipped too, and `safe_first` tries first the sites whose mutants can make a task, judged by
which checks run their lines.
"""

from __future__ import annotations

import ast
import random
import re

from ... import syntax
from ...mutators import Mutation, find_sites
from ..pullrequest import pr_lines
from .pulls import PullRequest

WORD = re.compile(r"[A-Za-z_]\w*")  # a name, as tests and code spell one


def functions(tree: dict[str, str]) -> dict[str, set[str]]:
    """Qualified function name (`Class.method`, `outer.inner`) -> the names its body uses."""
    found: dict[str, set[str]] = {}

    def visit(node: ast.AST, prefix: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                name = f"{prefix}{child.name}"
                if not isinstance(child, ast.ClassDef):
                    used = found.setdefault(name, set())
                    for sub in ast.walk(child):
                        if isinstance(sub, ast.Name):
                            used.add(sub.id)
                        elif isinstance(sub, ast.Attribute):
                            used.add(sub.attr)
                visit(child, name + ".")

    for path, text in tree.items():
        if path.endswith(".py"):
            try:
                visit(syntax.parse(text), "")
            except SyntaxError:
                continue
    return found


def unreached(tree: dict[str, str], tests: list[str]) -> set[str]:
    """Qualified names of the package's functions the tests cannot reach (see the module doc);
    a function this does not know of (a parse it could not make) counts as reached."""
    named = set()
    for text in tests:
        named.update(WORD.findall(text))
    uses = functions(tree)

    def direct(qualified: str) -> bool:
        parts = qualified.split(".")
        # A method is reached through its own name, or its class's for dunders (`Cache(...)`).
        return parts[-1] in named or (len(parts) > 1 and parts[-1].startswith("__")
                                      and parts[-2] in named)

    by_name: dict[str, list[str]] = {}
    for qualified in uses:
        by_name.setdefault(qualified.split(".")[-1], []).append(qualified)
    out = {q for q in uses if direct(q)}
    frontier = list(out)
    while frontier:
        for name in uses[frontier.pop()]:
            for qualified in by_name.get(name, ()):
                if qualified not in out:
                    out.add(qualified)
                    frontier.append(qualified)
    return set(uses) - out


def draws(pr: PullRequest, tests: list[str],
          ran: dict[str, set[int]] | None = None) -> list[Mutation]:
    """Mutation sites on the PR's + lines that `tests` (test module texts) may reach and, with
    `ran` (path -> lines the tests executed, executed.py), that they do execute, in a seeded
    order that alternates kinds."""
    tree = dict(pr.base) | pr.changes
    skip = unreached(tree, tests)
    by_kind: dict[str, list[Mutation]] = {}
    for path, text in sorted(pr.changes.items()):
        lines = pr_lines(pr.base.get(path), text)
        if not lines or (ran is not None and not lines & ran.get(path, set())):
            continue  # a site's lines are all + lines: none here could be drawn (and parsing
            # every changed file of a large PR with libcst costs seconds)
        for site in find_sites(path, text, lines=lines):
            if site.func in skip or (ran is not None
                                     and not site.touched_lines(text) & ran.get(path, set())):
                continue
            by_kind.setdefault(site.kind, []).append(site)
    rng = random.Random(f"python_env-real:{pr.id}")
    queues = []
    for kind in sorted(by_kind):
        sites = list(by_kind[kind])
        rng.shuffle(sites)
        queues.append(sites)
    rng.shuffle(queues)
    order = []
    while any(queues):
        for queue in queues:
            if queue:
                order.append(queue.pop())
    return order


def safe_first(order: list[Mutation], texts: dict[str, str],
               by_check: dict[str, dict[str, set[int]]], checks: list[str],
               revert_fails: set[str], guarded: set[str]) -> list[Mutation]:
    """`order` with the mutants that can make a task first (the rest keep their order after).

    A mutant can only change the checks whose tests execute its lines on the release
    (`by_check`, executed.py; a check not traced, the differential one, may change anyway). It
    is kept only if some check that a revert fails stays the same and every check it changes
    has a sentinel (pr_tasks.py); one whose lines every revert-failing check runs, or an
    unguarded check runs, is likely dropped: it is tried last."""
    def risky(mutation: Mutation) -> bool:
        lines = mutation.touched_lines(texts[mutation.path])
        touching = {c for c in checks if c not in by_check
                    or lines & by_check[c].get(mutation.path, set())}
        return revert_fails <= touching or not touching <= guarded

    return sorted(order, key=risky)
