"""The sandbox under attack: every test runs hostile code for real and checks containment.

Jobs go through `Sandbox.run` exactly as the environment sends them (probe jobs and visible-test
jobs over a small materialised workspace), with tight limits so that the whole file stays fast.
The pool uses its own uid range, so that processes of concurrent test runs are never mistaken
for ours.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import socket
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from python_env.server import sandbox as sandbox_mod
from python_env.server.files import materialize
from python_env.server.grading.checks import canonical
from python_env.server.sandbox import (
    OUTPUT_CAP,
    JobResult,
    Limits,
    Sandbox,
    SandboxUnavailable,
)
from python_env.server.sandbox.bwrap import bwrap_binary

REPO = Path(__file__).resolve().parents[1]
# Offset from this run's base (PYTHON_ENV_SANDBOX_BASE_UID, per xdist worker in conftest): a
# concurrent server or test run on the machine never shares our uids.
TEST_BASE_UID = sandbox_mod.BASE_UID + 50  # pools use base+0..15; xdist workers step by 100
WORKERS = 2
ATTACK = Limits(wall_s=5, item_timeout_s=1, cpu_s=5, as_mb=256, fsize_mb=4, nofile=64, nproc=64,
                tmpfs_mb=8)


@pytest.fixture(scope="module")
def sandbox() -> Sandbox:
    try:
        box = Sandbox(workers=WORKERS, limits=ATTACK, base_uid=TEST_BASE_UID)
    except SandboxUnavailable as exc:
        pytest.skip(f"no sandbox on this machine: {exc}")
    if box.backend != "bwrap":
        pytest.skip(f"attack tests need a real sandbox, not {box.backend!r}")
    return box


@pytest.fixture
def workspace() -> Iterator[Path]:
    root = materialize({
        "mod.py": "def double(x):\n    return 2 * x\n",
        "pkg/__init__.py": "",
        "pkg/data.txt": "workspace data\n",
    })
    yield root
    shutil.rmtree(root, ignore_errors=True)


FORK_BOMB = """
        def check_x():
            import os, time
            children = 0
            try:
                while True:
                    if os.fork() == 0:
                        time.sleep(60)
                        os._exit(0)
                    children += 1
            except OSError as exc:
                return [type(exc).__name__, children <= 64]
    """


def probe(sandbox: Sandbox, root: Path, body: str, limits: Limits | None = None,
          name: str = "check_x") -> tuple[JobResult, dict]:
    """Run one probe function `name` (source `body`) over the workspace `root`."""
    source = textwrap.dedent(body)
    job = sandbox.run(root, {"mode": "probes", "source": source, "checks": [name]}, limits)
    return job, job.results.get(name, {})


def sandbox_processes(token: str | None = None, uids: set[int] | None = None,
                      grace_s: float = 2.0) -> list[tuple[int, str]]:
    """Host view: live processes of the test pool's uids (optionally: whose cmdline has token).

    A process SIGKILLed by the reaper can take a moment to finish dying (its memory already
    gone, its cmdline empty): what counts is a process still there after `grace_s`.
    """
    deadline = time.monotonic() + grace_s
    while True:
        found = _scan_processes(token, {str(uid) for uid in
                                        (uids or {TEST_BASE_UID + i for i in range(WORKERS)})})
        if not found or time.monotonic() > deadline:
            return found
        time.sleep(0.05)


def _scan_processes(token: str | None, uids: set[str]) -> list[tuple[int, str]]:
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            status = Path(f"/proc/{entry}/status").read_text()
            cmdline = Path(f"/proc/{entry}/cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        uid_line = next((line for line in status.splitlines() if line.startswith("Uid:")), "")
        state = next((line for line in status.splitlines() if line.startswith("State:")), "")
        alive = uid_line.split()[1:2] and uid_line.split()[1] in uids and "zombie" not in state
        if alive and (token is None or token in cmdline):
            found.append((int(entry), cmdline))
    return found


def assert_next_job_clean(sandbox: Sandbox, root: Path) -> None:
    """After an attack: the next job starts, works, and sees a fresh scratch directory."""
    job, result = probe(sandbox, root, """
        def check_x():
            import os
            from mod import double
            return [double(21), sorted(os.listdir("/tmp")), sorted(os.listdir("/dev/shm"))]
    """)
    assert job.status == "ok", (job.status, job.detail, job.stderr[-500:])
    assert result == {"ok": [42, ["item-1"], []]}  # only this probe's own working directory


# ---------------------------------------------------------------- CPU, memory, processes


def test_infinite_loop_is_stopped_by_the_item_timeout(sandbox, workspace):
    start = time.monotonic()
    job, result = probe(sandbox, workspace, """
        def check_x():
            while True:
                pass
    """)
    assert job.status == "ok"
    assert result == {"error": "timeout"}
    assert time.monotonic() - start < 4
    assert_next_job_clean(sandbox, workspace)


def test_job_over_its_wall_clock_is_killed(sandbox, workspace):
    limits = Limits(wall_s=1.5, item_timeout_s=30, cpu_s=30, as_mb=256, nproc=64, tmpfs_mb=8)
    start = time.monotonic()
    job, _ = probe(sandbox, workspace, """
        def check_x():
            import signal
            signal.signal(signal.SIGTERM, signal.SIG_IGN)
            while True:
                pass
    """, limits)
    elapsed = time.monotonic() - start
    assert job.status == "timeout", (job.status, job.detail)
    assert elapsed < 4, elapsed
    time.sleep(0.2)
    assert sandbox_processes() == []
    assert_next_job_clean(sandbox, workspace)


def test_memory_bomb_hits_the_address_space_limit(sandbox, workspace):
    job, result = probe(sandbox, workspace, """
        def check_x():
            hoard = []
            while True:
                hoard.append(bytearray(16 << 20))
    """)
    assert job.status == "ok"
    assert result == {"raises": "MemoryError"}
    job, result = probe(sandbox, workspace, """
        def check_x():
            return len(bytearray(4 << 30))
    """)
    assert result == {"raises": "MemoryError"}
    assert_next_job_clean(sandbox, workspace)


def test_fork_bomb_is_held_by_rlimit_nproc(sandbox, workspace):
    start = time.monotonic()
    job, result = probe(sandbox, workspace, FORK_BOMB)
    assert job.status == "ok", (job.status, job.detail)
    assert result == {"ok": ["BlockingIOError", True]}
    # An unbounded one: every child forks again.
    job, _ = probe(sandbox, workspace, """
        def check_x():
            import os
            while True:
                try:
                    os.fork()
                except OSError:
                    pass
    """)
    assert job.status in ("ok", "timeout")
    assert time.monotonic() - start < 12
    assert sandbox_processes() == []
    assert_next_job_clean(sandbox, workspace)


def test_no_process_outlives_its_job(sandbox, workspace):
    token = f"{secrets.randbelow(10**6) + 10**6}.5"  # a unique argument for sleep
    job, result = probe(sandbox, workspace, f"""
        def check_x():
            import os, time
            if os.fork() == 0:  # double fork: the daemon is reparented, in its own session
                os.setsid()
                if os.fork() == 0:
                    open("/tmp/daemon-started", "w").close()
                    os.execv("/usr/bin/sleep", ["sleep", "{token}"])
                os._exit(0)
            deadline = time.monotonic() + 0.9
            while not os.path.exists("/tmp/daemon-started") and time.monotonic() < deadline:
                time.sleep(0.01)
            return os.path.exists("/tmp/daemon-started")
    """)
    assert job.status == "ok"
    assert result == {"ok": True}
    assert sandbox_processes(token) == []
    assert sandbox_processes() == []
    assert_next_job_clean(sandbox, workspace)


# ---------------------------------------------------------------- disk


def test_one_huge_file_is_capped_by_rlimit_fsize(sandbox, workspace):
    job, result = probe(sandbox, workspace, """
        def check_x():
            import errno, os
            try:
                with open("/tmp/huge", "wb") as handle:
                    for _ in range(64):
                        handle.write(b"x" * (1 << 20))
            except OSError as exc:
                return [errno.errorcode[exc.errno], os.path.getsize("/tmp/huge") <= (4 << 20)]
            return "wrote 64 MB"
    """)
    assert job.status == "ok"
    assert result == {"ok": ["EFBIG", True]}
    assert_next_job_clean(sandbox, workspace)


def test_many_files_fill_only_the_size_limited_tmpfs(sandbox, workspace):
    job, result = probe(sandbox, workspace, """
        def check_x():
            import errno, os
            out = []
            for where in ("/tmp", "/dev/shm"):
                written = 0
                try:
                    for i in range(1000):
                        with open(f"{where}/f{i}", "wb") as handle:
                            handle.write(b"x" * (1 << 20))
                        written += 1
                except OSError as exc:
                    out.append([where, errno.errorcode[exc.errno], written <= 8])
            return out
    """)
    assert job.status == "ok"
    assert result == {"ok": [["/tmp", "ENOSPC", True], ["/dev/shm", "ENOSPC", True]]}
    assert_next_job_clean(sandbox, workspace)


def test_writes_outside_the_scratch_directory_fail(sandbox, workspace):
    before = {p: p.read_bytes() for p in workspace.rglob("*") if p.is_file()}
    job, result = probe(sandbox, workspace, """
        def check_x():
            import errno, os, shutil
            attempts = {
                "write workspace": lambda: open("/ws/mod.py", "w").write("def double(x): 0"),
                "new file in workspace": lambda: open("/ws/evil.py", "w").close(),
                "delete workspace file": lambda: os.unlink("/ws/mod.py"),
                "delete workspace tree": lambda: shutil.rmtree("/ws/pkg"),
                "write /": lambda: open("/planted", "w").close(),
                "write /dev": lambda: open("/dev/planted", "w").close(),
                "write /usr": lambda: open("/usr/lib/python3/planted", "w").close(),
                "chmod workspace": lambda: os.chmod("/ws/mod.py", 0o777),
            }
            out = []
            for name, attempt in attempts.items():
                try:
                    attempt()
                    out.append([name, "succeeded"])
                except OSError:
                    out.append([name, "refused"])
            return out
    """)
    assert job.status == "ok"
    assert len(result["ok"]) == 8
    assert {outcome for _, outcome in result["ok"]} == {"refused"}, result
    after = {p: p.read_bytes() for p in workspace.rglob("*") if p.is_file()}
    assert after == before


def test_each_probe_starts_in_a_fresh_working_directory(sandbox, workspace):
    source = textwrap.dedent("""
        def check_a():
            import os
            open("left-behind.txt", "w").write("x")
            return sorted(os.listdir("."))

        def check_b():
            import os
            return sorted(os.listdir("."))
    """)
    job = sandbox.run(workspace, {"mode": "probes", "source": source,
                                  "checks": ["check_a", "check_b"]})
    assert job.results == {"check_a": {"ok": ["left-behind.txt"]}, "check_b": {"ok": []}}


def test_next_job_gets_a_fresh_scratch_directory(sandbox, workspace):
    _, result = probe(sandbox, workspace, """
        def check_x():
            for path in ("/tmp/planted", "/tmp/.hidden", "/dev/shm/planted"):
                with open(path, "w") as handle:
                    handle.write("from a previous job")
            return True
    """)
    assert result == {"ok": True}
    assert_next_job_clean(sandbox, workspace)


# ---------------------------------------------------------------- isolation


def test_no_network_even_to_a_port_the_host_listens_on(sandbox, workspace):
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    listener.settimeout(0.2)
    port = listener.getsockname()[1]
    abstract = socket.socket(socket.AF_UNIX)
    abstract_name = f"\0pyenv-test-{secrets.token_hex(8)}"
    abstract.bind(abstract_name)
    abstract.listen()
    try:
        job, result = probe(sandbox, workspace, f"""
            def check_x():
                import socket
                out = []
                for family, address in ((socket.AF_INET, ("127.0.0.1", {port})),
                                        (socket.AF_UNIX, {abstract_name!r})):
                    sock = socket.socket(family)
                    sock.settimeout(0.5)
                    try:
                        sock.connect(address)
                        out.append("connected")
                    except OSError as exc:
                        out.append(type(exc).__name__)
                try:
                    socket.getaddrinfo("example.com", 80)
                    out.append("resolved")
                except OSError as exc:
                    out.append("no dns")
                return out
        """)
        assert job.status == "ok"
        inet, unix, dns = result["ok"]
        assert inet in ("ConnectionRefusedError", "OSError", "TimeoutError"), inet
        assert unix in ("ConnectionRefusedError", "FileNotFoundError"), unix
        assert dns == "no dns"
        with pytest.raises(TimeoutError):
            listener.accept()
    finally:
        listener.close()
        abstract.close()


def test_grader_and_host_files_are_invisible(sandbox, workspace):
    other = materialize({"secret.py": "ANSWER = 42\n"})  # another session's workspace
    expected = sorted(str(p) for p in (REPO / "tasks").glob("*/expected.json"))[:3]
    targets = [*expected, str(REPO / "server" / "sandbox" / "pool.py"), str(REPO / "pyproject.toml"),
               str(other / "secret.py"), "/etc/passwd", "/root", "/work", str(Path.home())]
    try:
        job, result = probe(sandbox, workspace, f"""
            def check_x():
                import os
                seen = [path for path in {targets!r} if os.path.exists(path)]
                return [seen, sorted(os.listdir("/")), open("/ws/pkg/data.txt").read(),
                        sorted(os.environ)]
        """)
    finally:
        shutil.rmtree(other, ignore_errors=True)
    assert job.status == "ok"
    seen, top, data, environ = result["ok"]
    assert seen == []
    assert set(top) <= {"bin", "dev", "lib", "lib64", "proc", "sbin", "tmp", "usr", "ws"}
    assert data == "workspace data\n"  # the workspace itself is readable
    assert set(environ) <= {"HOME", "LANG", "PYTHONHASHSEED", "TZ", "PWD", "LC_CTYPE"}


def test_unprivileged_uid_no_capabilities_no_new_user_namespaces(sandbox, workspace):
    job, result = probe(sandbox, workspace, """
        def check_x():
            import os, subprocess
            status = dict(line.split(":", 1) for line in open("/proc/self/status") if ":" in line)
            unshare = subprocess.run(["/usr/bin/unshare", "--user", "--map-root-user", "true"],
                                     capture_output=True)
            return [os.getuid(), status["CapEff"].strip(), status["NoNewPrivs"].strip(),
                    unshare.returncode != 0]
    """)
    assert job.status == "ok", job.stderr
    uid, cap_eff, no_new_privs, unshare_failed = result["ok"]
    if os.geteuid() == 0:
        assert TEST_BASE_UID <= uid < TEST_BASE_UID + WORKERS
        assert no_new_privs == "1"
    assert int(cap_eff, 16) == 0
    if bwrap_binary()[1]:  # bubblewrap 0.8+: --disable-userns
        assert unshare_failed


# ---------------------------------------------------------------- output and the runner


def test_output_flood_is_truncated_and_the_job_still_reports(sandbox, workspace):
    limits = Limits(wall_s=15, item_timeout_s=10, as_mb=256, tmpfs_mb=8)
    job, result = probe(sandbox, workspace, """
        def check_x():
            import os, sys
            chunk = "y" * (1 << 20)
            for _ in range(50):
                sys.stdout.write(chunk)
            sys.stdout.flush()
            for _ in range(50):
                os.write(1, chunk.encode())
            return "done"
    """, limits)
    assert job.status == "ok", (job.status, job.detail)
    assert result == {"ok": "done"}
    assert len(job.stderr) == OUTPUT_CAP  # the flood arrived, and was cut


# A probe's own process refuses ctypes (its audit hook, see test_probe_hygiene.py): what needs it
# runs in an interpreter the probe starts, which has no hook, as an attacker's would. It tries to
# ptrace the runner (argv[1]), to open its memory and its results pipe, and to list its fds.
TRACE_HELPER = """
import ctypes, json, os, sys
runner = int(sys.argv[1])
libc = ctypes.CDLL(None, use_errno=True)
out = [libc.ptrace(16, runner, 0, 0) == -1]  # PTRACE_ATTACH
for path in (f"/proc/{runner}/mem", f"/proc/{runner}/fd/1"):
    try:
        open(path, "rb").close()
        out.append("opened")
    except OSError:
        out.append("refused")
try:
    out.append(os.listdir(f"/proc/{runner}/fd"))
except OSError:
    out.append("refused")
print(json.dumps(out))
"""

TRACE_RUNNER = f"""
def _trace_runner():
    import json, os, subprocess, sys
    done = subprocess.run([sys.executable or "/usr/bin/python3", "-I", "-S", "-c",
                           {TRACE_HELPER!r}, str(os.getppid())],
                          capture_output=True, text=True, timeout=5)
    return json.loads(done.stdout) if done.stdout else done.stderr[-300:]
"""


def test_the_runner_cannot_be_killed_or_traced_by_a_probe(sandbox, workspace):
    source = textwrap.dedent("""
        def check_kill():
            import os, signal
            for sig in (signal.SIGKILL, signal.SIGTERM, signal.SIGINT, signal.SIGSEGV):
                os.kill(os.getppid(), sig)
            return "still here"

        def check_trace():
            return _trace_runner()

        def check_after():
            return 1
    """) + TRACE_RUNNER
    names = ["check_kill", "check_trace", "check_after"]
    job = sandbox.run(workspace, {"mode": "probes", "source": source, "checks": names})
    assert job.status == "ok", (job.status, job.detail, job.stderr[-500:])
    assert job.results["check_kill"] == {"ok": "still here"}
    assert job.results["check_trace"] == {"ok": [True, "refused", "refused", "refused"]}
    assert job.results["check_after"] == {"ok": 1}


def test_a_crashing_runner_is_reported_as_crashed(sandbox, workspace):
    # Untrusted code cannot reach the runner (above); a runner that dies anyway (here: out of
    # file descriptors before its first fork) must not be read as a result.
    job, _ = probe(sandbox, workspace, "def check_x():\n    return 1\n",
                   Limits(wall_s=5, item_timeout_s=1, nofile=3))
    assert job.status == "crashed"
    assert job.results == {}
    assert "exit code" in job.detail
    # Probes that do not compile never reach the sandbox (they are split into units first).
    job = sandbox.run(workspace, {"mode": "probes", "source": "def check_x(:\n", "checks":
                                  ["check_x"]})
    assert job.status == "crashed"
    assert job.results == {}
    assert "do not compile" in job.detail


# ---------------------------------------------------------------- forging a result


CORRECT = "def double(x):\n    return 2 * x\n"
BUGGY = "def double(x):\n    return 2 * x + (x == 3)\n"
PROBE = """
def check_double():
    from mod import double
    return [double(x) for x in range(5)]
"""
FAKE_RESULTS = json.dumps({"results": {"check_double": {"ok": [0, 2, 4, 6, 8]}}})

TAMPERING = {
    "exit 0 at import": "import os\nos._exit(0)\n",
    "sys.exit at import": "import sys\nsys.exit(0)\n",
    "atexit prints fake results": (
        "import atexit, os\n"
        f"atexit.register(lambda: os.write(1, {FAKE_RESULTS!r}.encode()))\n"
    ),
    "prints fake results": f"print({FAKE_RESULTS!r}, flush=True)\n",
    "monkeypatched json": (
        "import json, _json\n"
        f"json.dumps = lambda *a, **k: {FAKE_RESULTS!r}\n"
        "json.encoder.c_make_encoder = None\n"
        "_json.make_encoder = None\n"
    ),
    "writes fake results to every fd it can reach": (
        "import os\n"
        "for pid in ('self', str(os.getppid()), '1'):\n"
        "    for fd in range(64):\n"
        "        try:\n"
        "            w = os.open(f'/proc/{pid}/fd/{fd}', os.O_WRONLY | os.O_NONBLOCK)\n"
        f"            os.write(w, {FAKE_RESULTS!r}.encode())\n"
        "        except OSError:\n"
        "            pass\n"
        "        try:\n"
        f"            os.write(fd, {FAKE_RESULTS!r}.encode())\n"
        "        except OSError:\n"
        "            pass\n"
    ),
    "an object equal to everything": (
        "class Anything(list):\n"
        "    def __eq__(self, other):\n"
        "        return True\n"
        "_real = double\n"
        "def double(x):\n"
        "    return Anything([_real(x)])\n"
    ),
}


def graded(sandbox: Sandbox, module_source: str) -> tuple[str, str]:
    root = materialize({"mod.py": module_source})
    try:
        job = sandbox.run(root, {"mode": "probes", "source": PROBE, "checks": ["check_double"]})
    finally:
        shutil.rmtree(root, ignore_errors=True)
    return job.status, canonical(job.results.get("check_double", {"error": job.status}))


@pytest.mark.parametrize("trick", sorted(TAMPERING))
def test_tampering_cannot_produce_the_correct_output(sandbox, trick):
    status, expected = graded(sandbox, CORRECT)
    assert status == "ok" and expected == canonical({"ok": [0, 2, 4, 6, 8]})
    status, output = graded(sandbox, BUGGY + TAMPERING[trick])
    assert output != expected, (trick, status, output)


# ---------------------------------------------------------------- visible tests


def test_visible_tests_import_unittest_only_when_used(sandbox):
    root = materialize({
        "mod.py": CORRECT,
        "tests/test_plain.py": (
            "import sys\nfrom mod import double\n\n"
            "def test_double():\n    assert double(2) == 4\n\n"
            "def test_no_unittest_loaded():\n    assert 'unittest' not in sys.modules\n\n"
            "def test_fails():\n    assert double(2) == 5, 'off'\n"
        ),
        "tests/test_case.py": (
            "import unittest\nfrom mod import double\n\n"
            "class DoubleTest(unittest.TestCase):\n"
            "    def test_ok(self):\n        self.assertEqual(double(3), 6)\n"
            "    def test_bad(self):\n        self.assertEqual(double(3), 7)\n"
        ),
        "tests/test_exits.py": "import os\nos._exit(0)\n",
    })
    try:
        files = ["tests/test_case.py", "tests/test_exits.py", "tests/test_plain.py"]
        job = sandbox.run(root, {"mode": "tests", "files": files})
    finally:
        shutil.rmtree(root, ignore_errors=True)
    assert job.status == "ok", job.stderr
    plain = {t["id"]: t for t in job.results["tests/test_plain.py"]["tests"]}
    assert plain["test_double"]["outcome"] == "passed"
    assert plain["test_no_unittest_loaded"]["outcome"] == "passed"
    assert plain["test_fails"]["outcome"] == "failed"
    assert "line 11: assert double(2) == 5, 'off'" in plain["test_fails"]["message"]
    case = {t["id"]: t["outcome"] for t in job.results["tests/test_case.py"]["tests"]}
    assert case == {"DoubleTest.test_ok": "passed", "DoubleTest.test_bad": "failed"}
    assert job.results["tests/test_exits.py"] == {"error": "no output"}


def test_preloading_never_shadows_a_workspace_module(sandbox):
    # A workspace module named like a standard-library one must win, as with a plain import.
    root = materialize({
        "json.py": "MARK = 'workspace json'\n",
        "mod.py": "import json\nimport dataclasses\nMARK = json.MARK\n",
    })
    try:
        assert "json" not in sandbox_mod.preload_names(root, {"mode": "probes"})
        job, result = probe(sandbox, root, """
            def check_x():
                import mod
                return mod.MARK
        """)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    assert job.status == "ok"
    assert result == {"ok": "workspace json"}


# ---------------------------------------------------------------- Landlock + seccomp fallback

LANDLOCK_UID = TEST_BASE_UID + 10


@pytest.fixture(scope="module")
def confined() -> Sandbox:
    """The fallback for machines without user namespaces, forced through the environment."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(sandbox_mod.BACKEND_ENV, "landlock")
        try:
            box = Sandbox(workers=1, limits=ATTACK, base_uid=LANDLOCK_UID)
        except SandboxUnavailable as exc:
            pytest.skip(f"no Landlock + seccomp on this machine: {exc}")
    assert box.backend == "landlock"
    return box


def test_landlock_no_network(confined, workspace):
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    listener.settimeout(0.2)
    port = listener.getsockname()[1]
    try:
        job, result = probe(confined, workspace, f"""
            def check_x():
                import socket
                out = []
                try:
                    socket.create_connection(("127.0.0.1", {port}), timeout=0.5)
                    out.append("connected")
                except OSError as exc:
                    out.append(type(exc).__name__)
                left, right = socket.socketpair()  # local IPC keeps working
                left.sendall(b"ping")
                out.append(right.recv(4).decode())
                return out
        """)
        assert job.status == "ok", (job.detail, job.stderr[-500:])
        assert result == {"ok": ["PermissionError", "ping"]}
        with pytest.raises(TimeoutError):
            listener.accept()
    finally:
        listener.close()


def test_landlock_no_reading_outside(confined, workspace):
    other = materialize({"secret.py": "ANSWER = 42\n"})
    expected = sorted(str(p) for p in (REPO / "tasks").glob("*/expected.json"))[:2]
    targets = [*expected, str(REPO / "server" / "sandbox" / "pool.py"), str(other / "secret.py"),
               "/etc/passwd", "/proc/self/status", "/", str(REPO)]
    try:
        job, result = probe(confined, workspace, f"""
            def check_x():
                import os
                out = []
                for path in {targets!r}:
                    try:
                        os.listdir(path) if os.path.isdir(path) else open(path).read()
                        out.append("read")
                    except OSError:
                        out.append("denied")
                return [out, open({str(workspace / "pkg" / "data.txt")!r}).read()]
        """)
    finally:
        shutil.rmtree(other, ignore_errors=True)
    assert job.status == "ok", (job.detail, job.stderr[-500:])
    denied, data = result["ok"]
    assert denied == ["denied"] * len(targets)
    assert data == "workspace data\n"


def test_landlock_no_writing_outside_the_scratch_directory(confined, workspace):
    before = {p: p.read_bytes() for p in workspace.rglob("*") if p.is_file()}
    ws = str(workspace)
    job, result = probe(confined, workspace, f"""
        def check_x():
            import os
            attempts = {{
                "write workspace": lambda: open({ws!r} + "/mod.py", "w").write("x = 0"),
                "new file in workspace": lambda: open({ws!r} + "/evil.py", "w").close(),
                "delete workspace file": lambda: os.unlink({ws!r} + "/mod.py"),
                "write /tmp": lambda: open("/tmp/pyenv-planted-by-a-job", "w").close(),
                "write /dev/shm": lambda: open("/dev/shm/pyenv-planted", "w").close(),
            }}
            out = []
            for name, attempt in attempts.items():
                try:
                    attempt()
                    out.append("succeeded")
                except OSError:
                    out.append("refused")
            with open("scratch-file", "w") as handle:  # the scratch directory is the cwd
                handle.write("ok")
            return [out, open("scratch-file").read()]
    """)
    assert job.status == "ok", (job.detail, job.stderr[-500:])
    assert result == {"ok": [["refused"] * 5, "ok"]}
    assert {p: p.read_bytes() for p in workspace.rglob("*") if p.is_file()} == before
    assert not Path("/tmp/pyenv-planted-by-a-job").exists()


def test_landlock_reaps_daemons_and_shields_the_runner(confined, workspace):
    token = f"{secrets.randbelow(10**6) + 10**6}.25"
    source = textwrap.dedent(f"""
        def check_daemon():
            import os, time
            if os.fork() == 0:
                os.setsid()
                if os.fork() == 0:
                    os.execv("/usr/bin/sleep", ["sleep", "{token}"])
                os._exit(0)
            time.sleep(0.1)
            return True

        def check_runner():
            import os, signal
            out = _trace_runner()
            try:
                os.kill(os.getppid(), signal.SIGKILL)
                out.append("signalled")
            except PermissionError:
                out.append("refused")
            return out

        def check_after():
            return 1
    """) + TRACE_RUNNER
    names = ["check_daemon", "check_runner", "check_after"]
    job = confined.run(workspace, {"mode": "probes", "source": source, "checks": names})
    uids = {LANDLOCK_UID}
    assert sandbox_processes(token, uids) == []
    if os.geteuid() == 0:
        assert sandbox_processes(None, uids) == []
    if job.status == "ok":  # Landlock ABI 6+: signals cannot leave the domain
        assert job.results["check_runner"] == {"ok": [True, "refused", "refused", "refused",
                                                      "refused"]}
        assert job.results["check_after"] == {"ok": 1}
    else:  # older ABI: the runner could be killed, and that is reported, never read as results
        assert job.status == "crashed" and job.results == {}


def test_landlock_fork_bomb_and_disk_limits(confined, workspace):
    job, result = probe(confined, workspace, FORK_BOMB)
    assert job.status == "ok"
    assert result == {"ok": ["BlockingIOError", True]}
    assert sandbox_processes(None, {LANDLOCK_UID}) == []
    job, result = probe(confined, workspace, """
        def check_x():
            import errno
            written = 0
            try:
                for i in range(1000):
                    with open(f"f{i}", "wb") as handle:
                        handle.write(b"x" * (1 << 20))
                    written += 1
            except OSError as exc:
                return [errno.errorcode[exc.errno], written]
            return ["no limit", written]
    """)
    assert job.status == "ok"
    scratch = confined.scratch.dirs[0]
    if str(scratch) in confined.scratch.mounted:  # a size-limited tmpfs could be mounted
        assert result["ok"][0] == "ENOSPC" and result["ok"][1] <= ATTACK.tmpfs_mb
    assert list(scratch.iterdir()) == []  # emptied after the job


def test_landlock_outputs_match_the_expected_outputs(confined):
    from python_env.server.grading.checks import run_checks
    from python_env.server.tasks.loader import get_bank

    task = get_bank().get("pagination-off-by-one")
    assert task.derived is not None
    root = materialize(task.fixed)
    try:
        run = run_checks(task, root, confined, Limits(wall_s=20, item_timeout_s=3))
    finally:
        shutil.rmtree(root, ignore_errors=True)
    assert run.status == "ok"
    assert run.outputs == task.derived.expected
