"""Probe hygiene: code under review sees its own probe's calls, and nothing else of the job.

A hostile workspace module (`spy.py`), imported by every probe and then called by it, walks every
route it can find from inside a probe's process (frames, tracebacks, `inspect.stack()`, the
garbage collector, trace and profile hooks, other threads' frames, open descriptors, stdin, its
own memory file, ctypes, a further audit hook) and, from an interpreter it starts (no audit hook
there), the runner's and its own process's memory and descriptors. It reports every marker it
finds. The probes file plants markers everywhere: in each probe, in helpers and constants only
one probe uses, in the module docstring and in comments, in each probe's name and result.
A probe may find the markers of its own unit (what it calls the workspace with, and the
module-level code it needs), and nothing else: not another probe's, not the job description,
not an earlier probe's result. On both backends; plus, as root, a scan of the sandbox processes'
memory from outside while a probe runs, and a check that ordinary standard-library code still
works under the audit hook.
"""

from __future__ import annotations

import contextlib
import json
import marshal
import os
import re
import secrets
import shutil
import textwrap
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from python_env.server import sandbox as sandbox_mod
from python_env.server.files import materialize
from python_env.server.probe_units import probe_units
from python_env.server.sandbox import Limits, Sandbox, SandboxUnavailable
from python_env.server.syntax import parse as parse_source

# Own uids, offset from this run's base (test_sandbox.py uses base+50-51 and base+60): a reaper
# never kills another test's job.
UIDS = {"bwrap": sandbox_mod.BASE_UID + 70, "landlock": sandbox_mod.BASE_UID + 80}
LIMITS = Limits(wall_s=90, item_timeout_s=20, cpu_s=60, as_mb=1024, fsize_mb=8, nofile=128,
                nproc=64, tmpfs_mb=16)
MARKER = re.compile(r"S3CR3T[0-9a-f]{10}|R3SULT[0-9a-f]{10}|check_hyg_[a-z]+_[0-9a-f]{10}")


@pytest.fixture(scope="module", params=["bwrap", "landlock"])
def box(request) -> Sandbox:
    try:
        sandbox = Sandbox(workers=1, limits=LIMITS, base_uid=UIDS[request.param],
                          backend=request.param)
    except SandboxUnavailable as exc:
        pytest.skip(f"no {request.param} sandbox on this machine: {exc}")
    assert sandbox.backend == request.param
    return sandbox


# ---------------------------------------------------------------- the hostile workspace

SPY = r'''
"""Hostile code under review: reports every marker it can reach from a probe's process."""
import sys

PRELOADED = sorted(name for name in ("difflib", "tarfile") if name in sys.modules)

import gc, inspect, json, os, re, stat, subprocess, threading, types

PATTERN = re.compile("S3CR3T[0-9a-f]{10}|R3SULT[0-9a-f]{10}|check_hyg_[a-z]+_[0-9a-f]{10}")
BYTES = re.compile(PATTERN.pattern.encode())
JOB_KEYS = {"mode", "units_fd", "count", "limits", "item_timeout_s", "preload", "pidns",
            "confine", "cwd", "source", "checks", "files", "reap_uid", "results_fd", "held"}
TRACED = []


def scan(roots, report, limit=200_000):
    """Every marker in the object graph reachable from roots (and job-like dicts)."""
    seen, stack = set(), list(roots)
    found, jobs = report["found"], report["jobs"]
    while stack and len(seen) < limit:
        obj = stack.pop()
        if id(obj) in seen:
            continue
        seen.add(id(obj))
        if len(stack) > limit:  # a wide graph (gc.get_objects): keep the memory bounded
            stack = stack[-limit:]
        try:
            kind = type(obj)
            if issubclass(kind, str):
                found.update(PATTERN.findall(obj))
            elif issubclass(kind, (bytes, bytearray, memoryview)):
                found.update(m.decode() for m in BYTES.findall(bytes(obj)))
            elif issubclass(kind, dict):
                items = list(dict.items(obj))
                keys = {k for k, _ in items if type(k) is str}
                if len(keys & JOB_KEYS) >= 2:
                    jobs.append(sorted(keys))
                for k, v in items:
                    stack += (k, v)
            elif issubclass(kind, (list, tuple, set, frozenset)):
                stack.extend(obj)
            elif kind is types.CodeType:
                stack += (obj.co_consts, obj.co_names, obj.co_varnames, obj.co_freevars,
                          obj.co_cellvars, obj.co_name, obj.co_qualname, obj.co_filename)
            elif kind is types.FrameType:
                stack += (obj.f_locals, obj.f_globals, obj.f_code, obj.f_back)
            elif kind is types.TracebackType:
                stack += (obj.tb_frame, obj.tb_next)
            elif kind in (types.FunctionType, types.LambdaType):
                stack += (obj.__code__, obj.__globals__, obj.__defaults__, obj.__kwdefaults__,
                          obj.__closure__, obj.__dict__)
            elif kind is types.CellType:
                stack.append(obj.cell_contents)
            elif kind is types.MethodType:
                stack += (obj.__func__, obj.__self__)
            elif kind is types.ModuleType:
                stack.append(obj.__dict__)
            elif kind in (types.GeneratorType, types.CoroutineType):
                stack += (getattr(obj, "gi_frame", None), getattr(obj, "cr_frame", None))
            elif isinstance(obj, type):
                stack.append(dict(vars(obj)))
            elif isinstance(obj, BaseException):
                stack += (obj.args, obj.__traceback__, obj.__context__, obj.__cause__)
            else:
                stack.append(object.__getattribute__(obj, "__dict__"))
        except Exception:
            pass


def attempt(report, route, fn):
    try:
        roots = fn()
        report["routes"][route] = "open"
        return roots or []
    except Exception as exc:
        report["routes"][route] = "refused:" + type(exc).__name__
        return []


def tracer(frame, event, arg):
    TRACED.append(frame)
    return tracer


def garbage():
    gc.set_debug(gc.DEBUG_SAVEALL)
    gc.collect()
    gc.set_debug(0)
    return list(gc.garbage)


def descriptors():
    out = []
    for fd in range(3, 1024):
        try:
            mode = os.fstat(fd).st_mode
        except OSError:
            continue
        out.append([fd, "fifo" if stat.S_ISFIFO(mode) else "other"])
        try:
            out.append(os.pread(fd, 1 << 20, 0))
        except OSError:
            pass
    return out


def own_memory():
    with open("/proc/self/mem", "rb") as mem:
        return [mem.read(16)]


def raw_memory():
    import ctypes  # refused under bubblewrap; preloaded (for Landlock) under the fallback
    return [ctypes.string_at(id(PATTERN), 64), ctypes.CDLL(None)]


def another_hook():
    calls = []
    sys.addaudithook(lambda event, args: calls.append(event))
    sys._getframe()
    if not calls:
        raise RuntimeError("the hook was not added")
    return calls


HELPER = """
import ctypes, json, os, re, sys
pattern = re.compile(sys.argv[1].encode())
found, routes = set(), {}
libc = ctypes.CDLL(None, use_errno=True)
for who, pid in (("runner", int(sys.argv[2])), ("probe", os.getppid())):
    try:
        with open(f"/proc/{pid}/maps") as maps, open(f"/proc/{pid}/mem", "rb") as mem:
            for line in maps:
                span, perms = line.split()[:2]
                if perms.startswith("rw"):
                    start, end = (int(x, 16) for x in span.split("-"))
                    try:
                        mem.seek(start)
                        found.update(m.decode() for m in pattern.findall(mem.read(end - start)))
                    except OSError:
                        pass
        routes[who + " memory"] = "open"
    except OSError as exc:
        routes[who + " memory"] = "refused:" + type(exc).__name__
    try:
        pidfd = os.pidfd_open(pid)
        got = [libc.syscall(438, pidfd, fd, 0) for fd in range(3, 64)]  # pidfd_getfd
        got = [fd for fd in got if fd >= 0]
        for fd in got:
            try:
                found.update(m.decode() for m in pattern.findall(os.pread(fd, 1 << 20, 0)))
            except OSError:
                pass
        routes[who + " fds"] = "open" if got else "refused"
    except OSError as exc:
        routes[who + " fds"] = "refused:" + type(exc).__name__
print(json.dumps({"found": sorted(found), "routes": routes}))
"""


def other_processes(report):
    done = subprocess.run([sys.executable or "/usr/bin/python3", "-I", "-S", "-c", HELPER,
                           PATTERN.pattern, str(os.getppid())],
                          capture_output=True, text=True, timeout=15)
    seen = json.loads(done.stdout)
    report["found"].update(seen["found"])
    report["routes"].update({"helper " + k: v for k, v in seen["routes"].items()})


def look_around(phase):
    report = {"found": set(), "jobs": [], "routes": {}}
    report["descriptors"] = [r for r in descriptors() if type(r) is list]
    roots = [sys._getframe(), list(sys.modules.values())]
    try:
        raise ValueError(phase)
    except ValueError as exc:
        roots.append(exc.__traceback__.tb_frame)
    roots.append([info.frame for info in inspect.stack(0)])
    frame = sys._getframe()
    routes = {
        "gc.get_objects": gc.get_objects,
        "gc.get_referrers": lambda: gc.get_referrers(frame),
        "gc.get_referents": lambda: gc.get_referents(frame),
        "gc.garbage": garbage,
        "sys._current_frames": lambda: list(sys._current_frames().values()),
        "sys._current_exceptions": lambda: list(sys._current_exceptions().values()),
        "sys.settrace": lambda: sys.settrace(tracer),
        "sys.setprofile": lambda: sys.setprofile(tracer),
        "threading.settrace": lambda: threading.settrace(tracer) or
            threading.Thread(target=len, args=((),)).start(),
        "stdin": lambda: [sys.stdin.buffer.read(), os.read(0, 1 << 20)],
        "descriptors": descriptors,
        "/proc/self/mem": own_memory,
        "ctypes": raw_memory,
        "sys.addaudithook": another_hook,
    }
    for route, fn in routes.items():
        roots.append(attempt(report, route, fn))
    roots.append(list(TRACED))
    for root in roots:  # each on its own budget: a wide one does not starve the others
        scan([root], report)
    if phase == "call":
        other_processes(report)
    report["found"] = sorted(report["found"])
    report["preloaded"] = PRELOADED
    return report


AT_IMPORT = look_around("import")


def look(*calls):
    return json.dumps({"import": AT_IMPORT, "call": look_around("call")})
'''


def _markers(text: str) -> set[str]:
    return set(MARKER.findall(text))


@pytest.fixture(scope="module")
def spied() -> Iterator[Path]:
    root = materialize({"spy.py": SPY, "mod.py": "def double(x):\n    return 2 * x\n"})
    yield root
    shutil.rmtree(root, ignore_errors=True)


def _probes() -> tuple[str, list[str], dict[str, str]]:
    """A probes file with markers everywhere; (source, names, marker of each role)."""
    m = {role: f"S3CR3T{secrets.token_hex(5)}" for role in (
        "doc", "comment", "shared", "alpha_const", "alpha_helper", "alpha_arg", "beta_local",
        "beta_arg", "beta_default", "gamma_arg", "gamma_comment")}
    m.update({f"{p}_result": f"R3SULT{secrets.token_hex(5)}" for p in ("alpha", "beta", "gamma")})
    names = [f"check_hyg_{p}_{secrets.token_hex(5)}" for p in ("alpha", "beta", "gamma")]
    source = textwrap.dedent(f'''
        """Probes for the hygiene test. {m["doc"]}"""
        import spy

        # {m["comment"]}: a comment of the file
        SHARED = "{m["shared"]}"
        ALPHA_ONLY = "{m["alpha_const"]}"


        def _alpha_helper():
            return "{m["alpha_helper"]}"


        def _beta_helper(x, default="{m["beta_default"]}"):
            return [x, default]


        def {names[0]}():
            return [spy.look("{m["alpha_arg"]}", SHARED, ALPHA_ONLY, _alpha_helper()),
                    "{m["alpha_result"]}"]


        def {names[1]}():
            local = "{m["beta_local"]}"
            return [spy.look(_beta_helper("{m["beta_arg"]}"), SHARED), local,
                    "{m["beta_result"]}"]


        def {names[2]}():
            import difflib  # only this probe imports it: it must not be preloaded for others
            # {m["gamma_comment"]}
            return [spy.look("{m["gamma_arg"]}", difflib.__name__), "{m["gamma_result"]}"]
    ''')
    return source, names, m


def test_a_probe_finds_nothing_but_its_own_unit(box, spied):
    source, names, m = _probes()
    units = dict(zip(names, probe_units(source, tuple(names)), strict=True))
    job = box.run(spied, {"mode": "probes", "source": source, "checks": names})
    assert job.status == "ok", (job.status, job.detail, job.stderr[-2000:])
    own_args = dict(zip(names, (m["alpha_arg"], m["beta_arg"], m["gamma_arg"]), strict=True))
    never = {m["doc"], m["comment"]}  # in no unit at all
    for name in names:
        result = job.results[name]
        assert "ok" in result, (name, result, job.stderr[-2000:])
        reports = json.loads(result["ok"][0])
        allowed = _markers(units[name])
        assert name in allowed and never.isdisjoint(allowed)
        for phase in ("import", "call"):
            report = reports[phase]
            found = set(report["found"])
            # The scan works: its own probe's inputs are there (in its code, then in the call).
            assert own_args[name] in found, (name, phase)
            # (a)+(b): nothing of another probe, of the docstring or comments; (d) no result of
            # an earlier probe (beta and gamma run after alpha, whose result lists its markers).
            assert found <= allowed, (name, phase, sorted(found - allowed))
            assert not any(n in found for n in names if n != name)
            # (c): no job description, no runner state with its keys.
            assert report["jobs"] == [], (name, phase, report["jobs"])
            # A module only another probe imports was not preloaded for this one.
            assert report["preloaded"] == [], (name, phase)
            routes = report["routes"]
            for route in ("gc.get_objects", "gc.get_referrers", "gc.get_referents",
                          "sys._current_frames", "sys._current_exceptions", "sys.settrace",
                          "sys.setprofile", "/proc/self/mem", "ctypes", "sys.addaudithook"):
                assert routes[route].startswith("refused"), (name, phase, route, routes[route])
            assert routes["stdin"] == "open"  # read: it was empty
            # Only the result pipe is left open (not the probes' units file).
            assert [kind for _, kind in report["descriptors"]] == ["fifo"], report["descriptors"]
        helper = {k: v for k, v in reports["call"]["routes"].items() if k.startswith("helper")}
        assert len(helper) == 4 and all(v.startswith("refused") for v in helper.values()), helper
    # The job is unaffected: results keyed by name, in the order sent.
    assert list(job.results) == names


def test_the_hook_leaves_ordinary_standard_library_code_alone(box):
    legit = textwrap.dedent('''
        import collections, copy, dataclasses, enum, gc, inspect, json, logging, pickle, sys
        import threading, traceback, typing, warnings
        from decimal import Decimal
        from functools import lru_cache

        records = []

        class Keep(logging.Handler):
            def emit(self, record):
                records.append([record.getMessage(), record.funcName, record.module])

        log = logging.getLogger("legit")
        log.addHandler(Keep())
        log.setLevel(logging.INFO)

        Point = collections.namedtuple("Point", "x y")
        Colour = enum.Enum("Colour", "RED GREEN")
        T = typing.TypeVar("T")

        class Size(enum.IntEnum):
            S = 1
            M = 2

        @dataclasses.dataclass(frozen=True)
        class Item(typing.Generic[T]):
            name: str
            qty: int = 1

        @lru_cache
        def square(x):
            return x * x

        def failing():
            raise KeyError("missing")

        def report():
            log.info("hello %s", 42)
            out = {"logging": records[-1]}
            out["namedtuple"] = [Point(1, 2)._asdict(), Point.__module__]
            out["enum"] = [Colour.RED.name, Size(2).name, Colour.__module__]
            out["typevar"] = [T.__name__, repr(Item[int])]
            out["dataclass"] = [dataclasses.asdict(Item("a", 3)), Item.__module__]
            try:
                failing()
            except KeyError:
                text = traceback.format_exc()
                out["traceback"] = ["in failing" in text, text.strip().splitlines()[-1]]
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                warnings.warn("careful", UserWarning, stacklevel=1)
            out["warnings"] = [str(caught[0].message), caught[0].category.__name__]
            out["inspect"] = [inspect.stack()[0].function, sys._getframe().f_code.co_name,
                              inspect.signature(square.__wrapped__).parameters["x"].name]
            box = []
            worker = threading.Thread(target=lambda: box.append(square(12)))
            worker.start()
            worker.join()
            out["threads"] = box
            data = {"d": Decimal("1.10"), "p": Point(3, 4), "i": Item("b")}
            out["copy"] = [copy.deepcopy(data) == data, pickle.loads(pickle.dumps(data)) == data]
            out["gc"] = [gc.collect() >= 0, gc.isenabled()]
            return json.dumps(out, sort_keys=True)
    ''')
    root = materialize({"legit.py": legit})
    try:
        job = box.run(root, {"mode": "probes", "checks": ["check_legit"], "source":
                             "def check_legit():\n    import legit\n    return legit.report()\n"})
    finally:
        shutil.rmtree(root, ignore_errors=True)
    assert job.status == "ok", (job.status, job.detail, job.stderr[-1000:])
    assert "ok" in job.results["check_legit"], (job.results, job.stderr[-2000:])
    assert json.loads(job.results["check_legit"]["ok"]) == {
        "logging": ["hello 42", "report", "legit"],
        "namedtuple": [{"x": 1, "y": 2}, "legit"],
        "enum": ["RED", "M", "legit"],
        "typevar": ["T", "legit.Item[int]"],
        "dataclass": [{"name": "a", "qty": 3}, "legit"],
        "traceback": [True, "KeyError: 'missing'"],
        "warnings": ["careful", "UserWarning"],
        "inspect": ["report", "report", "x"],
        "threads": [144],
        "copy": [True, True],
        "gc": [True, True],
    }


def test_visible_tests_run_under_the_same_rules(box):
    root = materialize({"tests/test_rules.py": textwrap.dedent('''
        import gc, logging

        def test_logging_works():
            logging.getLogger("t").warning("fine")

        def test_gc_lists_are_refused():
            gc.get_objects()
    ''')})
    try:
        job = box.run(root, {"mode": "tests", "files": ["tests/test_rules.py"]})
    finally:
        shutil.rmtree(root, ignore_errors=True)
    assert job.status == "ok", (job.detail, job.stderr[-1000:])
    outcomes = {t["id"]: t["outcome"] for t in job.results["tests/test_rules.py"]["tests"]}
    assert outcomes == {"test_logging_works": "passed", "test_gc_lists_are_refused": "error"}


# ---------------------------------------------------------------- memory, seen from outside


def _uid_processes(uid: int) -> list[int]:
    pids = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                status = Path(f"/proc/{entry}/status").read_text()
            except OSError:
                continue
            uid_line = next((ln for ln in status.splitlines() if ln.startswith("Uid:")), "")
            if uid_line.split()[1:2] == [str(uid)] and "zombie" not in status:
                pids.append(int(entry))
    return pids


def _memory_markers(pid: int, wanted: set[str]) -> set[str]:
    found: set[str] = set()
    needles = [w.encode() for w in wanted]
    with open(f"/proc/{pid}/maps") as maps, open(f"/proc/{pid}/mem", "rb", buffering=0) as mem:
        for line in maps:
            span, perms = line.split()[:2]
            if not perms.startswith("r"):
                continue
            start, end = (int(x, 16) for x in span.split("-"))
            try:
                mem.seek(start)
                chunk = mem.read(end - start)
            except (OSError, OverflowError, ValueError):
                continue
            found.update(n.decode() for n in needles if n in chunk)
    return found


@pytest.mark.skipif(os.geteuid() != 0, reason="reading a sandboxed process's memory needs root")
def test_no_other_probe_is_in_the_sandbox_memory(box):
    """While the middle probe runs, root reads the memory of every process of the job's uid
    (the runner and the probe's child): no other probe's text or name is anywhere in it."""
    tag = {p: f"S3CR3T{secrets.token_hex(5)}" for p in ("first", "middle", "last", "doc")}
    names = {p: f"check_hyg_{p}_{secrets.token_hex(5)}" for p in ("first", "middle", "last")}
    source = textwrap.dedent(f'''
        """{tag["doc"]}"""
        import time


        def {names["first"]}():
            return len("{tag["first"]}")


        def {names["middle"]}():
            marker = "{tag["middle"]}"
            time.sleep(3)
            return len(marker)


        def {names["last"]}():
            return len("{tag["last"]}")
    ''')
    root = materialize({"mod.py": "X = 1\n"})
    uid = box.base_uid
    seen: dict[int, set[str]] = {}
    wanted = set(tag.values()) | set(names.values())
    done = threading.Event()
    outcome: dict = {}

    def run() -> None:
        outcome["job"] = box.run(root, {"mode": "probes", "source": source,
                                        "checks": list(names.values())})
        done.set()

    thread = threading.Thread(target=run)
    thread.start()
    try:
        deadline = time.monotonic() + 30
        while not done.is_set() and time.monotonic() < deadline:
            for pid in _uid_processes(uid):
                try:
                    seen.setdefault(pid, set()).update(_memory_markers(pid, wanted))
                except OSError:
                    continue
            if any(tag["middle"] in found for found in seen.values()):
                time.sleep(0.2)
                for pid in _uid_processes(uid):  # once more, well inside the middle probe
                    with contextlib.suppress(OSError):
                        seen.setdefault(pid, set()).update(_memory_markers(pid, wanted))
                break
            time.sleep(0.01)
        thread.join(timeout=60)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    job = outcome["job"]
    assert job.status == "ok", (job.detail, job.stderr[-1000:])
    assert [r.get("ok") for r in job.results.values()] == [16, 16, 16]
    everything = set().union(*seen.values()) if seen else set()
    # The scan works: the middle probe's own marker is in its child's memory...
    assert tag["middle"] in everything, seen
    # ...and nothing of the other probes, nor the docstring, is in any process of the job.
    others = {tag["first"], tag["last"], tag["doc"], names["first"], names["last"]}
    assert everything.isdisjoint(others), {pid: found & others for pid, found in seen.items()}


def test_the_runner_never_reads_the_units(box, monkeypatch):
    """The runner is sent how many probes there are, and where to find them: not their text."""
    sent: list[dict] = []
    real = marshal.dumps

    def spy_dumps(value, *args):
        if isinstance(value, dict) and "mode" in value:
            sent.append(value)
        return real(value, *args)

    monkeypatch.setattr(marshal, "dumps", spy_dumps)
    root = materialize({"mod.py": "X = 1\n"})
    try:
        job = box.run(root, {"mode": "probes", "checks": ["check_a", "check_b"],
                             "source": "def check_a():\n    return 'A'\n\n"
                                       "def check_b():\n    return 'B'\n"})
    finally:
        shutil.rmtree(root, ignore_errors=True)
    assert job.results == {"check_a": {"ok": "A"}, "check_b": {"ok": "B"}}
    assert len(sent) == 1
    assert set(sent[0]) - {"pidns", "root", "cwd", "confine", "reap_uid"} == {
        "mode", "units_fd", "count", "limits", "item_timeout_s", "preload"}
    assert "check_" not in repr(sent[0])


# ---------------------------------------------------------------- splitting the file


SPLIT = textwrap.dedent('''
    """The file's docstring."""
    from __future__ import annotations

    import json
    from shop import registry

    # a comment between statements
    LIMIT = 10
    ONLY_B = {"k": (1, -2, b"x" * 3)}
    CLOCK = registry.clock()
    a1 = 1; a2 = 2


    def _helper(x, scale=LIMIT):
        return x * scale


    def _unused():
        return "unused"


    @registry.register
    def _plugin():
        return "registered"


    class Base:
        """Plain: can only define."""
        size = LIMIT

        def area(self):
            return self.size * self.size


    class Fake(registry.Base):
        pass


    def check_a():
        return _helper(a1)


    def check_b():
        return [ONLY_B, Base().area()]


    def check_c():
        return globals()["LIMIT"]
''')


def _defined(unit: str) -> set[str]:
    import ast

    names = set()
    for node in parse_source(unit).body:
        if isinstance(node, ast.FunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.Assign):
            names.update(n.id for t in node.targets for n in ast.walk(t) if isinstance(n, ast.Name))
    return names


def test_a_unit_holds_its_probe_and_what_it_needs():
    a, b, c = probe_units(SPLIT, ("check_a", "check_b", "check_c"))
    # Kept in every unit: what may have effects (imports, calls, decorated or derived classes).
    effects = {"CLOCK", "_plugin", "Fake"}
    assert _defined(a) == effects | {"check_a", "_helper", "LIMIT", "a1", "a2"}
    assert _defined(b) == effects | {"check_b", "ONLY_B", "Base", "LIMIT"}
    # Names looked up at run time: every statement but the other probes.
    assert _defined(c) == effects | {"check_c", "LIMIT", "ONLY_B", "a1", "a2", "_helper",
                                     "_unused", "Base"}
    for unit in (a, b, c):
        assert unit.startswith("from __future__ import annotations\n")
        assert "import json\nfrom shop import registry\n" in unit
        assert "docstring" not in unit and "comment" not in unit
        compile(unit, "<probes>", "exec")
    assert "a1 = 1; a2 = 2\n" in a  # statements sharing a line stay together


def test_a_unit_needs_no_probe_that_it_does_not_call():
    source = "def check_a():\n    return 1\n\n@decorator\ndef check_b():\n    return check_a()\n"
    a, b = probe_units(source, ("check_a", "check_b"))
    assert "check_b" not in a  # another probe, decorated or not, is never kept for its effects
    assert "def check_a" in b and "def check_b" in b  # but it is when this probe calls it
    with pytest.raises(SyntaxError):
        probe_units("def check_x(:\n", ("check_x",))


def test_the_code_under_review_sees_an_opaque_probe(box, tmp_path):
    """Its caller's frame says neither which check runs (the function is `probe`) nor why (no
    docstring, no comments): a patch cannot branch on the check's name."""
    (tmp_path / "peek.py").write_text(textwrap.dedent('''
        import sys

        def caller():
            code = sys._getframe(1).f_code
            return [code.co_name, [c for c in code.co_consts if isinstance(c, str)]]
    '''))
    source = textwrap.dedent('''
        def check_rejects_negative_amounts():
            """MARKER-DOCSTRING: what this probe checks."""
            from peek import caller  # MARKER-COMMENT
            return caller()
    ''')
    root = materialize({p.name: p.read_text() for p in tmp_path.iterdir()})
    try:
        job = box.run(root, {"mode": "probes", "source": source,
                             "checks": ["check_rejects_negative_amounts"]})
    finally:
        shutil.rmtree(root, ignore_errors=True)
    name, constants = job.results["check_rejects_negative_amounts"]["ok"]
    assert name == "probe"
    assert not any("MARKER" in c or "negative" in c for c in constants), constants
