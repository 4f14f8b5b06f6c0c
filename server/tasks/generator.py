"""Generated training tasks: curated pull requests with a seeded defect in the code they add.

`generate(seed)` turns a seed into a buggy pull request. The source material is a curated task of
the `train` split whose checks are derived (expected.json). Its pull request *as it should have
been written* is `source.base` -> `source.fixed` (the reference-fixed tree: correct code, which
the probes exercise, `derived.expected` holding their outputs and `derived.base` their outputs
before the PR). The generator re-opens that PR with one defect injected into code the PR adds:

1. orders the source tasks by a rendezvous hash of (seed, task id), so adding a task to the bank
   only changes the seeds that the new task wins (about 1 in N), and tries them in that order;
   a source is skipped when no probe's output on its base differs from the fix's (reverting its
   PR could then pass);
2. for a source task, draws (with `random.Random`, seeded from the seed and the task id; never the
   global random) a Python file that the PR adds or changes and that the probes import, directly
   or through the project's own imports, then a mutation kind available in that file, then one
   site of that kind; a site is eligible only if every non-blank line it touches is a line the
   PR adds or changes (`pr_lines`: difflib on the file, as in the diff; a file the PR adds counts
   entirely);
3. edits the fixed text at the site's exact span (`server/mutators`: nodes located with libcst), so
   the rest of the PR stays byte-identical and the defect is one small, realistic slip in it;
4. runs the probes on the mutant tree in the sandbox (`run_checks`) and keeps the mutant only if
   it parses, its lines are among the `+` lines of the diff the reviewer reads, that diff has at
   least `MIN_PLUS_LINES` `+` lines, every probe finishes, at least one probe's output differs
   from the fix's expected output (fail-to-pass, the issue's witnesses), at least one agrees
   (pass-to-pass), and at least one pass-to-pass probe's output on the source's base differs from
   the expected one, so that a "patch" reverting the PR fails the pass-to-pass gate and scores 0
   on the patch part; otherwise it draws another site, up to `SITES_PER_SOURCE` per source task
   and `MAX_ATTEMPTS` in all.

The task: id `gen-<seed>`, split `generated`, difficulty `medium`; base = the source's base (the
project before the PR, without its visible tests); head = every file of the source's fixed PR,
one of them mutated (the diff shows the whole feature, typically tens of `+` lines, not just the
defect); fix = the original of the mutated file; the source's visible tests and probes; one
reference issue spanning the mutated lines of the head; derived checks from the probes only (the
source's static checks are dropped): expected = the fix's outputs, head = the mutant's, base =
the base's. The PR title and description are the source PR's own (they describe its feature,
were written before any mutation, and so name no defect); the hint depends on the kind only.

Only the `train` split is mutated, so the held-out `validation` and `test` modules never leak
into training data.

Determinism: the same seed gives the same task (byte-identical files, the same issue) for a given
bank and machine. The task depends on the bank's contents (the source task's files and probes),
and, for mutants near the generator's per-probe time limit, on the machine's speed.

Cost: every `generate` call that misses the cache runs the sandbox at least once: one probe
job on the mutant tree (0.1-0.3 s on a 2-core machine), plus one per rejected mutant (about two
candidates in five are rejected, more than half of them only because reverting the PR would
pass); a mutant whose probes loop costs up to `GENERATION_LIMITS.wall_s`. The base's outputs come from
expected.json (a source without them is run once on its base, and cached). Measured with
`bench/bench_generator.py` over seeds 0-399 on a 2-core machine at load 5-13, against the former
ast-based site finder in the same run: every seed yields a task with either; mean 0.46 s, median
0.35 s per call (former: 0.49 s, 0.33 s); at load 1.4 the former measured mean 0.13 s.
`generate` keeps the last `CACHE_SIZE` tasks in an LRU cache. A kept mutant is run once: its
determinism is not re-checked (mutations are small edits of deterministic code), and
`generate` blocks: call it off the event loop.
"""

from __future__ import annotations

import ast
import dataclasses
import hashlib
import json
import random
import re

from ..grading.checks import run_checks_on
from ..mutators import KINDS, Kind, Mutation, find_sites
from ..once import once
from ..sandbox import Limits, Sandbox, shared_sandbox
from ..syntax import parse as parse_source
from .loader import TaskBank, get_bank
from .model import DerivedChecks, ReferenceIssue, Task, probe_names
from .pullrequest import exercised_files, pr_files, pr_lines

# The interface other builders code against (the real-code builder among them).
__all__ = ["GENERATED_SPLIT", "KINDS", "GenerationError", "Kind", "Mutation", "exercised_files",
           "find_sites", "generate", "generate_task", "pr_files", "pr_lines", "resolve_task"]

GENERATED_SPLIT = "generated"
SOURCE_SPLITS = ("train",)
MAX_ATTEMPTS = 24
SITES_PER_SOURCE = 6
CACHE_SIZE = 256
# The diff is more than the defect: a kept task's diff has at least this many `+` lines, so that
# flagging every `+` line does not pay (one major finding per line scores 1.4 / (N (N + 1)) under
# the current rubric: 0.047 at N = 5).
MIN_PLUS_LINES = 5
# A mutant that loops is rejected, and costs at most this. The bank's fixes run all their probes
# in at most about 1.2 s (0.3 s per probe) on a loaded 2-core machine: a 3-5x margin.
GENERATION_LIMITS = Limits(wall_s=6.0, item_timeout_s=1.0)


class GenerationError(RuntimeError):
    """No source task yielded a mutant that the probes tell apart from the original."""


def _base_outputs(source: Task, sandbox: Sandbox) -> dict[str, str] | None:
    """The probes' outputs on the source's base (the tree before its PR).

    expected.json records them (`DerivedChecks.base`); for a task whose derived checks lack them,
    they are computed once and cached by content. None if the probes do not run there.
    """
    names = probe_names(source.probes_source)
    derived = source.derived
    if derived is not None and derived.base is not None and all(n in derived.base for n in names):
        return {n: derived.base[n] for n in names}
    digest = hashlib.sha256(json.dumps(
        [source.id, source.probes_source, sorted(source.base_tree.items())]).encode()).hexdigest()
    return _run_base_probes(digest, source, sandbox)


@once(maxsize=4096, key=lambda digest, source, sandbox: digest)
def _run_base_probes(digest: str, source: Task, sandbox: Sandbox) -> dict[str, str] | None:
    names = probe_names(source.probes_source)
    probes_only = dataclasses.replace(source, static_checks=())
    run = run_checks_on(probes_only, source.base_tree, sandbox, GENERATION_LIMITS)
    return {n: run.outputs[n] for n in names} if run.status == "ok" else None


# --------------------------------------------------------------------------------------------
# Generation


def _rendezvous(seed: int, task_id: str) -> str:
    return hashlib.sha256(f"python_env-generator:{seed}:{task_id}".encode()).hexdigest()


def source_tasks(bank: TaskBank) -> list[Task]:
    """Curated tasks the generator may mutate: training split, derived checks, probe outputs."""
    sources = []
    for split in SOURCE_SPLITS:
        for task in bank.split(split):
            derived = task.derived
            if derived is None:
                continue
            names = probe_names(task.probes_source)
            if len(names) >= 2 and all(n in derived.expected for n in names):
                sources.append(task)
    return sources


def _snippet(text: str, start: int, end: int) -> str:
    """The source lines [start, end] (1-based), whitespace collapsed, for the rationale."""
    lines = text.split("\n")[start - 1:end]
    flat = " ".join(line.strip() for line in lines if line.strip())
    return flat if len(flat) <= 160 else flat[:157] + "..."


def _describe(mutation: Mutation, original: str, mutant: str, witnesses: list[str],
              span: tuple[int, int]) -> tuple[str, str]:
    kind = KINDS[mutation.kind]
    title = kind.title.format(func=mutation.func)
    before = _snippet(original, *_original_lines(mutation, original))
    if kind.deletes:
        change = f"The pull request leaves `{before}` out of `{mutation.func}`."
    else:
        after = _snippet(mutant, *span)
        change = (f"In `{mutation.func}` the pull request writes `{after}` where the correct "
                  f"code is `{before}`.")
    probes = ", ".join(witnesses)
    rationale = (f"{change} {kind.explanation} On the probes' inputs the correct code and the "
                 f"pull request disagree ({probes}).")
    return title, rationale


def _try(source: Task, mutation: Mutation, revert_fails: set[str], plus_elsewhere: int,
         sandbox: Sandbox) -> tuple[str, dict[str, str], list[str], list[str]] | None:
    """Run the probes on the mutant; (mutant, outputs, differing, agreeing) if it is kept.

    `revert_fails`: the probes whose output on the source's base differs from the fix's;
    `plus_elsewhere`: the `+` lines of the PR's other files.
    """
    original = source.fixed[mutation.path]
    mutant = mutation.apply(original)
    if mutant == original:
        return None
    try:
        if ast.dump(parse_source(mutant)) == ast.dump(parse_source(original)):
            return None
        compile(mutant, mutation.path, "exec", dont_inherit=True)
    except (SyntaxError, ValueError):
        return None
    # The bug must show in the diff the reviewer reads: the issue's lines are among its + lines
    # (a mutant that turns a changed line back into the base's line would hide it).
    start, end = mutation.head_span(mutant)
    plus = pr_lines(source.base.get(mutation.path), mutant)
    if not plus & set(range(start, end + 1)):
        return None
    if plus_elsewhere + len(plus) < MIN_PLUS_LINES:
        return None
    probes_only = dataclasses.replace(source, static_checks=())
    tree = dict(source.fixed)
    tree[mutation.path] = mutant
    run = run_checks_on(probes_only, tree, sandbox, GENERATION_LIMITS)
    if run.status != "ok":
        return None
    names = probe_names(source.probes_source)
    if any("error" in json.loads(run.outputs[n]) for n in names):
        return None  # a probe that does not finish on the mutant (a loop, a crash)
    expected = source.derived.expected  # type: ignore[union-attr]
    differing = [n for n in names if run.outputs[n] != expected[n]]
    agreeing = [n for n in names if run.outputs[n] == expected[n]]
    if not differing or not agreeing:
        return None
    if not revert_fails & set(agreeing):
        return None  # reverting the PR would pass every pass-to-pass probe
    return mutant, {n: run.outputs[n] for n in names}, differing, agreeing


def _candidates(source: Task) -> tuple[list[str], dict[str, dict[str, list[Mutation]]]]:
    """Files of the source PR that the probes exercise, with their sites on lines the PR adds
    or changes (by kind)."""
    changed = pr_files(source)
    exercised = set(exercised_files(source))
    files, sites = [], {}
    for path, text in changed.items():
        if path not in exercised:
            continue
        added = pr_lines(source.base.get(path), text)
        by_kind: dict[str, list[Mutation]] = {}
        for site in find_sites(path, text, lines=added):
            by_kind.setdefault(site.kind, []).append(site)
        if by_kind:
            files.append(path)
            sites[path] = by_kind
    return files, sites


@dataclasses.dataclass
class _Source:
    """A source task ready to mutate: its mutation sites, its base's probe outputs, the probes
    that fail when the PR is reverted, and how many lines each PR file adds."""

    task: Task
    files: list[str]
    sites: dict[str, dict[str, list[Mutation]]]
    base: dict[str, str]
    revert_fails: set[str]
    plus: dict[str, int]

    @property
    def total(self) -> int:
        return sum(len(s) for by_kind in self.sites.values() for s in by_kind.values())


def _prepared(source: Task, sandbox: Sandbox) -> _Source | None:
    """None when the source has no mutation site, or no probe tells its PR from its base
    (reverting the PR would pass)."""
    files, sites = _candidates(source)
    if not files:
        return None
    base = _base_outputs(source, sandbox)
    if base is None:
        return None
    expected = source.derived.expected  # type: ignore[union-attr]
    revert_fails = {n for n, out in base.items() if out != expected[n]}
    if not revert_fails:
        return None
    plus = {p: len(pr_lines(source.base.get(p), t)) for p, t in pr_files(source).items()}
    return _Source(source, files, sites, base, revert_fails, plus)


def _draw(rng: random.Random, source: _Source, tried: set[Mutation]
          ) -> tuple[str, Mutation] | None:
    """A file and a site in it not tried yet, drawn: file, then kind, then site (None after 32
    draws)."""
    for _draw in range(32):
        path = rng.choice(source.files)
        kind = rng.choice(sorted(source.sites[path]))
        mutation = rng.choice(source.sites[path][kind])
        if mutation not in tried:
            return path, mutation
    return None


def generate_task(seed: int, bank: TaskBank | None = None, sandbox: Sandbox | None = None) -> Task:
    """Build the generated task for `seed` (runs the sandbox; see `generate` for the cache)."""
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise ValueError(f"seed must be a non-negative integer, not {seed!r}")
    bank = bank or get_bank()
    sandbox = sandbox or shared_sandbox()
    sources = sorted(source_tasks(bank), key=lambda t: _rendezvous(seed, t.id))
    attempts = 0
    for task in sources:
        if attempts >= MAX_ATTEMPTS:
            break
        source = _prepared(task, sandbox)
        if source is None:
            continue
        rng = random.Random(f"{seed}:{task.id}")
        tried: set[Mutation] = set()
        for _ in range(min(SITES_PER_SOURCE, source.total)):
            drawn = _draw(rng, source, tried) if attempts < MAX_ATTEMPTS else None
            if drawn is None:
                break
            path, mutation = drawn
            tried.add(mutation)
            attempts += 1
            others = sum(source.plus.values()) - source.plus[path]
            kept = _try(task, mutation, source.revert_fails, others, sandbox)
            if kept is not None:
                return _build(seed, task, mutation, *kept, source.base)
    raise GenerationError(f"seed {seed}: no mutant told apart by the probes in {attempts} "
                          f"attempts over {len(sources)} source tasks")


def _build(seed: int, source: Task, mutation: Mutation, mutant: str, outputs: dict[str, str],
           differing: list[str], agreeing: list[str], base_outputs: dict[str, str]) -> Task:
    original = source.fixed[mutation.path]
    kind = KINDS[mutation.kind]
    span = mutation.head_span(mutant)
    title, rationale = _describe(mutation, original, mutant, differing, span)
    issue = ReferenceIssue(
        id=f"{mutation.kind}-{re.sub(r'[^a-z0-9]+', '-', mutation.func.lower()).strip('-')}",
        file=mutation.path,
        start_line=span[0],
        end_line=span[1],
        category=mutation.category or kind.category,
        severity=kind.severity,
        bug_class=kind.bug_class,
        title=title,
        rationale=rationale,
        hint=kind.hint,
        witnesses=tuple(differing),
    )
    names = probe_names(source.probes_source)
    expected = source.derived.expected  # type: ignore[union-attr]
    head_changes = pr_files(source)
    head_changes[mutation.path] = mutant
    return Task(
        id=f"gen-{seed}",
        title=source.title,
        description=source.description,
        difficulty="medium",
        split=GENERATED_SPLIT,
        base={p: t for p, t in source.base.items() if p not in source.visible_tests},
        head_changes=head_changes,
        fix_changes={mutation.path: original},
        visible_tests=dict(source.visible_tests),
        probes_source=source.probes_source,
        static_checks=(),
        issues=(issue,),
        hints=(),
        max_steps=30,
        derived=DerivedChecks(
            expected={n: expected[n] for n in names},
            head=outputs,
            fail_to_pass=tuple(differing),
            pass_to_pass=tuple(agreeing),
            base=dict(base_outputs),
        ),
        tags=("generated", f"source:{source.id}"),
    )


def _original_lines(mutation: Mutation, original: str) -> tuple[int, int]:
    edits = sorted(mutation.edits)
    first = original.count("\n", 0, edits[0][0]) + 1
    last = original.count("\n", 0, max(edits[-1][0], edits[-1][1] - 1)) + 1
    return first, last


@once(maxsize=CACHE_SIZE)
def generate(seed: int) -> Task:
    """The generated task for `seed`, from the process-wide bank and sandbox (LRU-cached).

    A cache miss runs the sandbox at least once (0.1-0.3 s per probe job on a 2-core machine,
    one job per candidate mutant). The returned Task is shared: do not mutate it.
    """
    return generate_task(seed)


def resolve_task(task_id: str) -> Task:
    """A task by id: `gen-<n>` is generated from seed n, `real-...` comes from the real split's
    cache, anything else from the bank."""
    if task_id.startswith("gen-") and task_id[4:].isdigit():
        return generate(int(task_id[4:]))
    if task_id.startswith("real-"):
        from .real.store import real_bank  # the real split's cache is read on first use

        return real_bank().get(task_id)
    return get_bank().get(task_id)
