"""Load: nothing one session sends stalls the others (search, cold starts, sandbox slots, the
idle timer), and many sessions stepping at once neither fail nor see each other's work.

Timing is never asserted here (bench/bench_load.py measures it): these tests assert outcomes,
orderings and progress.
"""

from __future__ import annotations

import asyncio
import importlib
import json
import re
import threading
import time
from pathlib import Path

import pytest
import websockets

from python_env import PythonAction, PythonEnv
from python_env.server.app import build_app
from python_env.server.fair_slots import FairSlots, SandboxBusy, owner
from python_env.server.files import materialize
from python_env.server.once import once
from python_env.server.sandbox import BASE_UID, Sandbox
from python_env.server.search import MAX_HITS, SearchError, search_files
from python_env.server.tasks import loader
from python_env.server.workspace import MAX_WORKSPACE_CHARS, Workspace, WorkspaceError

from .conftest import EXAMPLE_TASK, serve

CATASTROPHIC = ["(.+)+!", "(a+)+$", "(a|a)*b", "(a*)*b", "((a+)+)+c", "(.*a){12}z"]
# Lines on which Python's re needs minutes or more for each of the patterns above (none match).
HOSTILE_LINE = "a" * 900 + "X\n"


# ------------------------------------------------------------------------------ search
@pytest.mark.parametrize("pattern", CATASTROPHIC)
def test_catastrophic_patterns_finish_on_long_lines(pattern):
    files = {"a.txt": HOSTILE_LINE * 50 + "a" * 5000 + "\n", "b.py": "x = 1\n"}
    # A line is searched up to MAX_SCAN_CHARS: the long last line matches `(a+)+$` there.
    expected = "a.txt:51:" if pattern == "(a+)+$" else f"no match for {pattern!r}"
    assert search_files(files, pattern).startswith(expected)


@pytest.mark.parametrize("pattern,construct", [
    (r"(a)\1", "backreferences"),
    (r"(?P<x>a)(?P=x)", "backreferences"),
    (r"foo(?=bar)", "lookahead and lookbehind"),
    (r"(?<!x)y", "lookahead and lookbehind"),
    (r"(?>a+)b", "atomic groups"),
    (r"a++", "possessive quantifiers"),
])
def test_unsupported_syntax_is_named(pattern, construct):
    with pytest.raises(SearchError, match=f"unsupported regular expression: {construct}"):
        search_files({"a.py": "aa\n"}, pattern)


def test_invalid_pattern_and_ordinary_matches():
    with pytest.raises(SearchError, match="invalid regular expression"):
        search_files({"a.py": "x\n"}, "(unclosed")
    files = {"b.py": "def f():\n    return 1\n", "a.py": "def g(): pass\n"}
    assert search_files(files, r"def \w+\(") == "a.py:1: def g(): pass\nb.py:1: def f():"
    assert search_files(files, r"(?i)RETURN") == "b.py:2: return 1"


def test_search_output_is_bounded():
    files = {"big.py": ("y = 'a'" + "b" * 5000 + "\n") * (MAX_HITS + 50)}
    lines = search_files(files, "b+").splitlines()
    assert len(lines) == MAX_HITS + 1 and lines[-1] == f"... (stopped at {MAX_HITS} matches)"
    assert max(len(line) for line in lines) < 300


def test_the_workspace_size_is_bounded():
    ws = Workspace({"a.py": "x = 1\n"})
    try:
        ws.write("big.txt", "z" * (MAX_WORKSPACE_CHARS - 100))
        with pytest.raises(WorkspaceError, match="at most"):
            ws.write("more.txt", "z" * 200)
        ws.write("big.txt", "small")  # replacing a file counts its new size only
        ws.write("more.txt", "z" * 200)
    finally:
        ws.close()


def test_a_huge_hunk_number_is_not_a_hunk():
    ws = Workspace({"a.py": "x = 1\n"})
    try:
        with pytest.raises(WorkspaceError, match="no hunk"):
            ws.apply_diff("a.py", "@@ -" + "9" * 5000 + ",1 +1,1 @@\n-x = 1\n+x = 2\n")
    finally:
        ws.close()


# ------------------------------------------------------------------------------ once
def test_once_computes_a_value_once_for_concurrent_first_callers():
    calls = []
    barrier = threading.Barrier(16)

    @once(maxsize=4)
    def slow(key: str) -> object:
        calls.append(key)
        time.sleep(0.2)
        return object()

    results: list[object] = []

    def ask() -> None:
        barrier.wait()
        results.append(slow("k"))

    threads = [threading.Thread(target=ask) for _ in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert calls == ["k"] and len({id(r) for r in results}) == 1
    slow("other")
    assert calls == ["k", "other"]


def test_once_retries_after_a_failure_and_evicts_the_oldest():
    attempts = []

    @once(maxsize=2)
    def flaky(n: int) -> int:
        attempts.append(n)
        if attempts.count(n) == 1 and n == 0:
            raise ValueError("first try fails")
        return n

    with pytest.raises(ValueError):
        flaky(0)
    assert flaky(0) == 0 and flaky(1) == 1 and flaky(2) == 2
    flaky(0)  # evicted by 1 and 2: computed again
    assert attempts == [0, 0, 1, 2, 0]


def test_concurrent_first_loads_of_the_bank_share_one_bank():
    loader._cached_bank.cache_clear()
    try:
        barrier = threading.Barrier(8)
        banks: list[loader.TaskBank] = []

        def load() -> None:
            barrier.wait()
            banks.append(loader.get_bank())

        threads = [threading.Thread(target=load) for _ in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert len(banks) == 8 and len({id(b) for b in banks}) == 1
        assert EXAMPLE_TASK in banks[0].by_id
    finally:
        loader._cached_bank.cache_clear()


# ------------------------------------------------------------------------------ fair slots
def test_a_freed_slot_goes_to_the_waiting_owner_that_used_the_sandbox_least():
    slots = FairSlots(1, max_queued=4)
    held = slots.acquire("A")
    order: list[str] = []
    lock = threading.Lock()

    def job(who: str) -> None:
        slot = slots.acquire(who)
        with lock:
            order.append(who)
        time.sleep(0.01)
        slots.release(slot)

    threads = []
    for who in ["A", "A", "A", "B", "C", "B"]:
        thread = threading.Thread(target=job, args=(who,))
        thread.start()
        threads.append(thread)
        while sum(slots.queued(w) for w in "ABC") < len(threads):
            time.sleep(0.001)
    time.sleep(0.5)  # A's running job: half a second of use, against B's and C's none
    slots.release(held)
    for thread in threads:
        thread.join()
    # Arrival order was A A A B C B. B and C had used nothing (B first: it arrived first), then
    # B's 10 ms weigh less than A's 500 ms; A's three jobs come last.
    assert order == ["B", "C", "B", "A", "A", "A"]
    assert slots.usage("A") > slots.usage("B") > 0


def test_owners_with_equal_use_take_turns():
    slots = FairSlots(1, max_queued=4)
    held = slots.acquire("X")
    order: list[str] = []

    def job(who: str) -> None:
        slot = slots.acquire(who)
        order.append(who)
        slots.release(slot)

    threads = []
    for who in ["A", "A", "B", "B"]:
        thread = threading.Thread(target=job, args=(who,))
        thread.start()
        threads.append(thread)
        while sum(slots.queued(w) for w in "AB") < len(threads):
            time.sleep(0.001)
    slots.release(held)
    for thread in threads:
        thread.join()
    assert order[:2] == ["A", "B"] and sorted(order) == ["A", "A", "B", "B"]


def test_an_owner_may_queue_only_so_many_jobs():
    slots = FairSlots(1, max_queued=2)
    held = slots.acquire("A")
    waiting = [threading.Thread(target=lambda: slots.release(slots.acquire("A")))
               for _ in range(2)]
    for thread in waiting:
        thread.start()
    while slots.queued("A") < 2:
        time.sleep(0.001)
    with pytest.raises(SandboxBusy, match="at most 2"):
        slots.acquire("A")
    other = threading.Thread(target=lambda: slots.release(slots.acquire("B")))
    other.start()  # another owner still queues
    while slots.queued("B") < 1:
        time.sleep(0.001)
    slots.release(held)
    for thread in [*waiting, other]:
        thread.join()
    assert slots.acquire("A") == 0


SLOW_TEST = "import time\n\ndef test_slow():\n    time.sleep(0.4)\n"


def test_a_flooding_session_does_not_starve_another_in_the_real_sandbox(tmp_path):
    sandbox = Sandbox(workers=1, base_uid=BASE_UID + 30)  # a uid no other pool of the run uses
    root = materialize({"tests/test_slow.py": SLOW_TEST})
    finished: list[str] = []
    lock = threading.Lock()

    def run(who: str) -> None:
        with owner(who):
            job = sandbox.run(root, {"mode": "tests", "files": ["tests/test_slow.py"]})
        assert job.status == "ok", job
        with lock:
            finished.append(who)

    flood = [threading.Thread(target=run, args=("A",)) for _ in range(5)]
    for thread in flood:
        thread.start()
    while sandbox._slots.queued("A") < 4:  # one running, four waiting
        time.sleep(0.005)
    with owner("A"), pytest.raises(SandboxBusy):
        sandbox.run(root, {"mode": "tests", "files": ["tests/test_slow.py"]})
    other = threading.Thread(target=run, args=("B",))
    other.start()
    for thread in [*flood, other]:
        thread.join()
    # B arrived behind four waiting jobs of A and ran as soon as A's running job ended (in
    # arrival order it would have run last).
    assert finished.index("B") == 1, finished
    assert finished.count("A") == 5


# ------------------------------------------------------------------------------ over the wire
def _ws_url(url: str) -> str:
    return url.replace("http://", "ws://") + "/ws"


async def _call(ws, kind: str, data: dict) -> dict:
    await ws.send(json.dumps({"type": kind, "data": data}))
    return json.loads(await ws.recv())


def test_catastrophic_searches_do_not_stall_another_session(server_url):

    async def searcher(done: asyncio.Event) -> list[str]:
        outputs = []
        async with websockets.connect(_ws_url(server_url), max_size=None) as ws:
            await _call(ws, "reset", {"task_id": EXAMPLE_TASK})
            reply = await _call(ws, "step", {"action_type": "propose_patch", "path": "long.txt",
                                             "content": HOSTILE_LINE * 60})
            assert reply["data"]["observation"]["last_action_error"] is None
            for _ in range(4):
                for pattern in CATASTROPHIC:
                    reply = await _call(ws, "step", {"action_type": "search",
                                                     "pattern": pattern})
                    observation = reply["data"]["observation"]
                    assert observation["last_action_error"] is None, observation
                    outputs.append(observation["tool_output"])
        done.set()
        return outputs

    async def reader(done: asyncio.Event) -> int:
        answered = 0
        async with websockets.connect(_ws_url(server_url), max_size=None) as ws:
            await _call(ws, "reset", {"task_id": EXAMPLE_TASK})
            while not done.is_set():
                reply = await _call(ws, "step", {"action_type": "read_file",
                                                 "path": "shop/pagination.py"})
                observation = reply["data"]["observation"]
                assert "def has_next" in observation["tool_output"]
                answered += 1
                if observation["steps_remaining"] <= 2:  # a new episode, before the budget ends
                    await _call(ws, "reset", {"task_id": EXAMPLE_TASK})
        return answered

    async def main() -> tuple[list[str], int]:
        done = asyncio.Event()
        return await asyncio.gather(searcher(done), reader(done))

    outputs, answered = asyncio.run(asyncio.wait_for(main(), timeout=90))
    assert len(outputs) == 4 * len(CATASTROPHIC)
    assert not any("long.txt" in out for out in outputs), outputs  # no pattern matches there
    assert answered > 0


def test_64_concurrent_first_resets_on_a_cold_server_all_succeed(monkeypatch):
    loads = []
    real_load = loader.load_bank
    monkeypatch.setattr(loader, "load_bank", lambda root: loads.append(root) or real_load(root))
    loader._cached_bank.cache_clear()
    train = [t.id for t in real_load(loader.default_tasks_dir()).split("train")]

    async def first_reset(url: str, index: int) -> str:
        async with websockets.connect(_ws_url(url), max_size=None) as ws:
            reply = await _call(ws, "reset", {"split": "train", "index": index % len(train)})
            return reply["data"]["observation"]["task_id"]

    async def main(url: str) -> list[str]:
        return await asyncio.gather(*(first_reset(url, i) for i in range(64)))

    try:
        with serve(build_app(max_concurrent_envs=64, session_timeout=300, warm=False)) as url:
            got = asyncio.run(asyncio.wait_for(main(url), timeout=110))
    finally:
        loader._cached_bank.cache_clear()
    assert got == [train[i % len(train)] for i in range(64)]
    assert len(loads) == 1  # one load, shared by the 64 sessions


def test_a_step_longer_than_the_idle_timeout_keeps_its_session():
    # The reaper wakes every 5 s with a 1 s timeout; a 7.5 s step (three test files of 2.5 s,
    # each under the per-file limit) spans at least one wake-up at which, by OpenEnv's own clock,
    # the session has been inactive for over 1 s.
    slow_test = "import time\n\ndef test_slow():\n    time.sleep(2.5)\n"
    with serve(build_app(max_concurrent_envs=4, session_timeout=1.0)) as url, \
            PythonEnv(base_url=url).sync() as env:
        env.reset(task_id=EXAMPLE_TASK)
        for i in range(3):
            env.step(PythonAction(action_type="propose_patch", path=f"tests/test_slow_{i}.py",
                                  content=slow_test))
        result = env.step(PythonAction(action_type="run_tests"))
        output = result.observation.tool_output
        assert "0 failed, 0 errors" in output, output
        after = env.step(PythonAction(action_type="read_file", path="shop/pagination.py"))
        assert "def has_next" in after.observation.tool_output


# ------------------------------------------------------------------------------ many sessions
def _session_script(url: str, marker: str, steps: int, errors: list[str]) -> None:
    """One client: episodes of cheap steps that write and look for its own marker only."""
    with PythonEnv(base_url=url).sync() as env:
        done = 0
        while done < steps:
            obs = env.reset(task_id=EXAMPLE_TASK).observation
            env.step(PythonAction(action_type="propose_patch", path=f"notes/{marker}.py",
                                  content=f"MARKER = {marker!r}\n"))
            done += 1
            while obs.steps_remaining > 2 and done < steps:
                kind = done % 4
                if kind == 0:
                    obs = env.step(PythonAction(action_type="search",
                                                pattern="MARKER = 'm-")).observation
                    if obs.tool_output != f"notes/{marker}.py:1: MARKER = {marker!r}":
                        errors.append(f"{marker} saw {obs.tool_output!r}")
                elif kind == 1:
                    obs = env.step(PythonAction(action_type="read_file",
                                                path=f"notes/{marker}.py")).observation
                    if marker not in obs.tool_output:
                        errors.append(f"{marker} lost its file: {obs.tool_output!r}")
                elif kind == 2:
                    obs = env.step(PythonAction(action_type="request_hint")).observation
                else:
                    obs = env.step(PythonAction(action_type="read_file",
                                                path="shop/pagination.py")).observation
                if obs.last_action_error:
                    errors.append(f"{marker}: {obs.last_action_error}")
                done += 1


def run_sessions(url: str, sessions: int, steps: int) -> list[str]:
    errors: list[str] = []

    def client(i: int) -> None:
        try:
            _session_script(url, f"m-{i:03d}-x", steps, errors)
        except Exception as exc:
            errors.append(f"session {i}: {type(exc).__name__}: {exc}")

    threads = [threading.Thread(target=client, args=(i,)) for i in range(sessions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


def test_eight_sessions_of_25_steps_fail_nothing_and_share_nothing():
    with serve(build_app(max_concurrent_envs=8, session_timeout=300)) as url:
        assert run_sessions(url, 8, 25) == []


@pytest.mark.soak
@pytest.mark.timeout(900)
def test_soak_64_sessions_of_200_steps():
    with serve(build_app(max_concurrent_envs=64, session_timeout=300)) as url:
        assert run_sessions(url, 64, 200) == []


def test_the_readme_states_the_limits_the_code_enforces():
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text()
    section = readme.split("### Load: search, workspace size, sessions", 1)[1].split("\n## ")[0]
    stated = re.findall(r"\| ([\d,]+)( MiB)? \(`(\w+)\.(\w+)`\)", section)
    assert len(stated) == 6
    for number, mib, module, name in stated:
        value = int(number.replace(",", "")) << (20 if mib else 0)
        actual = getattr(importlib.import_module(f"python_env.server.{module}"), name)
        assert value == actual, (module, name)


def test_bandit_parses_through_the_shared_ast_lock(tmp_path: Path, monkeypatch):
    from python_env.server import syntax
    from python_env.server.analysis import run_bandit

    class Recording:
        def __init__(self) -> None:
            self.entered = 0
            self.lock = threading.Lock()

        def __enter__(self) -> None:
            self.lock.acquire()
            self.entered += 1

        def __exit__(self, *exc: object) -> None:
            self.lock.release()

    recording = Recording()
    monkeypatch.setattr(syntax, "ast_lock", recording)
    (tmp_path / "a.py").write_text("import pickle\n\ndef f(b):\n    return pickle.loads(b)\n")
    diagnostics = run_bandit(tmp_path, ["a.py"])
    assert any(d.rule == "B301" for d in diagnostics)
    assert recording.entered == 1
