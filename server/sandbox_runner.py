"""Trusted runner executed inside the sandbox (stdlib only).

The host sends this file's code object (compiled by the sandbox interpreter itself, marshalled)
followed by one marshalled job on stdin; without a precompiled code object the source is passed
with -c and the job is the whole of stdin. The runner sets its own resource limits, then runs
each probe or each test file in a forked child so that untrusted code never runs in this
process: a child that exits early, hangs, forks or crashes loses only its own result.

Results go to the original stdout, which this process keeps to itself (children close it); fd 1
is pointed at stderr before anything else runs, so what the code under review prints never
mixes with results. Under bubblewrap this process is pid 1 of the job's pid namespace and
non-dumpable (see sandbox.py); under the Landlock fallback each child confines itself after the
fork, leaving this process outside its domain.

Untrusted imports only ever happen in children: the workspace is put on `sys.path` after the
fork, so a module of the workspace can never shadow a module this process imports (even a lazy
import on an error path). Before forking, this process may import a few standard-library modules
the host names (`preload`), so that every child inherits them instead of importing them again.

Probe hygiene: code under review shares its process with the probe that imports it, and can
walk frames, tracebacks and whatever they hold. So a child holds its own probe and nothing else
of the job: the probes reach the sandbox as one unit per probe in a sealed file that this
process never reads (it knows how many there are, not their names or text; results go back by
position), each child reads its own unit and closes the file, empties the job description and
the earlier results, and installs an audit hook against the routes that reach other code's
objects (see _seclude, _guard and _probe). Memory this process never held cannot leak, even
through raw reads no hook sees (under Landlock, ctypes is loaded for the confinement, and
`c_char_p(address).value` raises no audit event). The file stays open here for the later
children, out of their reach like the results pipe (see sandbox.py).

Startup cost matters (every `run_tests` pays it): only builtin modules are imported at the top;
JSON goes through the `_json` C accelerator directly (the `json` package pulls in `re`), the
failure messages of test functions are built without `traceback`, and `unittest` is only used
when a test module imported it itself.
"""

import _signal
import marshal
import os
import select
import sys
import time

_MAX_RESULT = 1 << 20
_OUTCOMES = ("passed", "failed", "error", "skipped")


def _encoder(item_separator, key_separator):
    """json.dumps(value, sort_keys=True, separators=...), without importing `json`."""
    try:
        from _json import encode_basestring_ascii, make_encoder

        def default(value):
            raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")

        def dumps(value):
            encode = make_encoder({}, default, encode_basestring_ascii, None, key_separator,
                                  item_separator, True, False, True)
            return "".join(encode(value, 0))

        if dumps({"b": [1, 2.5, None, True], "a": "\u00e9"}) != (
            '{"a"' + key_separator + '"\\u00e9"' + item_separator + '"b"' + key_separator
            + "[1" + item_separator + "2.5" + item_separator + "null" + item_separator + "true]}"
        ):
            raise ValueError("unexpected _json behaviour")
        return dumps
    except Exception:
        import json

        def dumps(value):
            return json.dumps(value, sort_keys=True, separators=(item_separator, key_separator))

        return dumps


def _decoder():
    """json.loads for one document, strict about trailing data, without importing `json`."""
    try:
        from _json import make_scanner

        class Context:  # the attributes json.decoder.JSONDecoder gives the C scanner
            strict = True
            object_hook = None
            object_pairs_hook = None
            parse_float = float
            parse_int = int
            parse_constant = float  # 'NaN', 'Infinity', '-Infinity'
            memo: dict = {}

        scan = make_scanner(Context())

        def loads(text):
            start = len(text) - len(text.lstrip(" \t\n\r"))
            value, end = scan(text, start)
            if text[end:].strip(" \t\n\r"):
                raise ValueError("extra data")
            return value

        if loads(' {"a": [1, 2.5, null, true, "\\u00e9"]} ') != {"a": [1, 2.5, None, True, "\u00e9"]}:
            raise ValueError("unexpected _json behaviour")
        return loads
    except Exception:
        import json

        return json.loads


_compact = _encoder(",", ":")
_sort_key = _encoder(", ", ": ")  # what json.dumps(x, sort_keys=True) gives: keys and set order
_loads = _decoder()


def _jsonable(value, depth=0):
    """A deterministic, JSON-able image of a value (subclasses reduced to their base type)."""
    if depth > 20:
        return {"__depth__": True}
    if value is None or type(value) is bool:
        return value
    if isinstance(value, bool):
        return bool(value)
    if isinstance(value, int):
        return int.__index__(value)
    if isinstance(value, float):
        f = float.__float__(value)
        return f if f == f and f not in (float("inf"), float("-inf")) else {"__float__": repr(f)}
    if isinstance(value, str):
        return str.__str__(value)
    if isinstance(value, (bytes, bytearray)):
        return {"__bytes__": bytes(value).hex()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v, depth + 1) for v in value]
    if isinstance(value, (set, frozenset)):
        items = [_jsonable(v, depth + 1) for v in value]
        return {"__set__": sorted(items, key=_sort_key)}
    if isinstance(value, dict):
        pairs = [(_sort_key(_jsonable(k, depth + 1)), _jsonable(v, depth + 1))
                 for k, v in dict.items(value)]
        return {"__dict__": sorted(pairs, key=lambda kv: kv[0])}
    name = type(value).__name__
    if name in ("Decimal", "datetime", "date", "time", "timedelta", "Fraction", "UUID",
                "PosixPath", "PurePosixPath", "timezone", "ZoneInfo"):
        return {"__" + name + "__": str(value)}
    return {"__object__": name}


def _set_limits(limits):
    if not limits:
        return
    import resource

    table = {
        "cpu_s": resource.RLIMIT_CPU,
        "as_mb": resource.RLIMIT_AS,
        "fsize_mb": resource.RLIMIT_FSIZE,
        "nofile": resource.RLIMIT_NOFILE,
        "nproc": resource.RLIMIT_NPROC,
    }
    for key, which in table.items():
        if key in limits:
            value = limits[key] * (1 << 20) if key.endswith("_mb") else limits[key]
            resource.setrlimit(which, (value, value))


def _signal_name(number):
    import signal  # lazily: it pulls in enum; this process's sys.path holds the stdlib only

    try:
        return signal.Signals(number).name
    except ValueError:
        return f"SIG{number}"


def _write_all(fd, data):
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def _in_child(prepare, timeout, state):
    """Run prepare()() in a forked child; return its decoded result or an error record.

    prepare() is trusted: it loads this item's code. What it returns runs untrusted code, once
    the child has let go of everything else (see _seclude).
    """
    state["items"] = state.get("items", 0) + 1
    private = "item-" + str(state["items"])
    rfd, wfd = os.pipe()
    pid = os.fork()
    if pid == 0:  # child: untrusted code runs here
        try:
            os.close(rfd)
            os.close(state["results_fd"])
            _signal.signal(_signal.SIGINT, _signal.default_int_handler)
            os.setpgid(0, 0)
            if state["confine"] is not None:
                try:
                    state["confine"]()
                except BaseException:  # never run untrusted code unconfined
                    _write_all(wfd, b'{"error":"confinement failed"}')
                    os._exit(70)
            run = prepare()
            root = state["root"]
            _seclude(state, wfd)
            sys.path.insert(0, root)
            # A fresh working directory per item: files one probe writes are not the next's.
            os.mkdir(private)
            os.chdir(private)
            payload = run()
        except BaseException as exc:
            payload = {"raises": type(exc).__name__}
        try:
            data = _compact(payload).encode()
        except BaseException:
            data = b'{"error":"unserialisable"}'
        try:
            _write_all(wfd, data[:_MAX_RESULT])
        finally:
            os._exit(0)
    os.close(wfd)
    # The result is what the child wrote before it exited. Processes it forked may hold the
    # pipe open (no EOF then): the child's exit, seen through a pidfd, ends the wait.
    try:
        exited = os.pidfd_open(pid)
        watch, poll = [rfd, exited], None
    except (AttributeError, OSError):
        exited, watch, poll = None, [rfd], 0.05
    chunks, size, deadline, timed_out = [], 0, time.monotonic() + timeout, False
    reaped = None
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            timed_out = True
            break
        ready, _, _ = select.select(watch, [], [], min(remaining, poll or remaining))
        if rfd in ready:
            chunk = os.read(rfd, 65536)
            if not chunk:
                break
            size += len(chunk)
            if size <= _MAX_RESULT:
                chunks.append(chunk)
        elif exited in ready or (poll and _reap(pid, reaped := [])):
            os.set_blocking(rfd, False)
            try:
                while size <= _MAX_RESULT:
                    chunk = os.read(rfd, 65536)
                    if not chunk:
                        break
                    size += len(chunk)
                    chunks.append(chunk)
            except BlockingIOError:
                pass
            break
    os.close(rfd)
    if exited is not None:
        os.close(exited)
    for target in (-pid, pid):
        try:  # noqa: SIM105 (contextlib is not imported: startup cost)
            os.kill(target, 9)  # SIGKILL: the child and whatever it left in its group
        except OSError:
            pass
    wait_status = reaped[0] if reaped else os.waitpid(pid, 0)[1]
    if timed_out:
        return {"error": "timeout"}
    raw = b"".join(chunks)
    if not raw:
        if os.WIFSIGNALED(wait_status):
            return {"error": "killed:" + _signal_name(os.WTERMSIG(wait_status))}
        return {"error": "no output"}
    try:
        return _loads(raw.decode("utf-8"))
    except Exception:
        return {"error": "corrupt output"}


def _reap(pid, into):
    """Without pidfds: has the child exited? (its wait status goes into `into`)"""
    done, status = os.waitpid(pid, os.WNOHANG)
    if done:
        into.append(status)
    return bool(done)


def _seclude(state, keep_fd):
    """In a child, before any untrusted code: let go of the job, and guard what is left.

    What the runner holds is not secret (the probes never enter it, see _probe), but nothing
    of it is the child's business either: the job description and the earlier results are
    emptied (frames above the code under review lead to them), every descriptor but the
    standard ones and the result pipe is closed (the units file among them), and an audit
    hook refuses the introspection that only serves to reach other code's objects.
    """
    hook = state["guard"]
    os.closerange(3, keep_fd)
    os.closerange(keep_fd + 1, max(keep_fd, state["top_fd"]) + 1)
    for held in state["held"]:
        held.clear()
    state.clear()
    sys.addaudithook(hook)


def _guard():
    """An audit hook for the code under review (installed in each child, never in the runner).

    Refused: the garbage collector's object lists (every object of the process), tracing and
    profiling hooks and other threads' frames (frames of code that is not calling you), opening
    a process's memory file, ctypes (raw memory), and further audit hooks (they see every
    event's arguments). Frames stay walkable (`sys._getframe`, `tb_frame`): logging, warnings,
    enum, typing, namedtuple and traceback need them, and the frames above the code under review
    hold nothing but its own probe. The hook calls no code the child could have replaced: the
    names it uses are bound here, and methods are taken from the built-in types.
    """
    refused = frozenset((
        "gc.get_objects", "gc.get_referrers", "gc.get_referents", "sys.settrace",
        "sys.setprofile", "sys._current_frames", "sys._current_exceptions", "sys.addaudithook",
    ))
    sealed = frozenset(("ctypes", "_ctypes"))
    startswith, partition, split, decode = str.startswith, str.partition, str.split, bytes.decode
    subclass, type_ = issubclass, type

    def hook(event, args):
        if event in refused or startswith(event, "ctypes."):
            raise RuntimeError(event + ": not available to code under review")
        if event == "import" and subclass(type_(args[0]), str):
            if partition(args[0], ".")[0] in sealed:
                raise ImportError("ctypes: not available to code under review")
        elif event == "open":
            path = args[0]
            if subclass(type_(path), bytes):
                path = decode(path, "utf-8", "replace")
            if subclass(type_(path), str):
                parts = split(path, "/")
                # /proc/<pid>/mem, /proc/self/task/<tid>/mem, or "mem" opened relative to a
                # directory. A best effort: the kernel denies it anyway (see sandbox.py).
                if parts[-1] == "mem" and ("proc" in parts or not startswith(path, "/")):
                    raise PermissionError("process memory: not available to code under review")

    return hook


def _probe(fd, index):
    """The prepare() of probe `index`: the child reads its own unit from the units file.

    The host splits the probes file into one unit per probe (its `check_*` function and the
    module-level code it needs) and passes them in a sealed memfd, `fd`: an index of (offset,
    length) pairs, then the units. The runner never reads it, so neither the source nor the name
    of any probe is in its memory; each child reads its own entry and unit, closes the file, and
    only then imports the code under review.
    """

    def prepare():
        entry = os.pread(fd, 16, 16 * index)
        offset = int.from_bytes(entry[:8], "little")
        length = int.from_bytes(entry[8:16], "little")
        data = b""
        while len(data) < length:
            chunk = os.pread(fd, length - len(data), offset + len(data))
            if not chunk:
                raise EOFError("truncated unit")
            data += chunk
        os.close(fd)
        name, source = marshal.loads(data)
        code = compile(source, "<probes>", "exec")

        def run():
            namespace = {"__name__": "probes"}
            exec(code, namespace)  # trusted probe code, compiled before the guard
            return {"ok": _jsonable(namespace[name]())}

        return run

    return prepare


def _test_file(path):
    def prepare():
        return run

    def run():
        module = type(sys)("test_module")
        module.__file__ = path
        sys.modules["test_module"] = module
        with open(path, "rb") as handle:
            source = handle.read()
        exec(compile(source, path, "exec"), module.__dict__)
        # unittest costs ~20 ms to import: only when the module brought it in itself.
        unittest = sys.modules.get("unittest")
        test_case = getattr(unittest, "TestCase", None)
        outcomes = []
        for attr in sorted(vars(module)):
            obj = getattr(module, attr)
            if attr.startswith("test") and callable(obj) and not isinstance(obj, type):
                outcomes.append(_run_one(attr, obj))
            elif (test_case is not None and isinstance(obj, type)
                  and issubclass(obj, test_case)):
                for method in unittest.TestLoader().getTestCaseNames(obj):
                    case = obj(method)
                    result = unittest.TestResult()
                    case.run(result)
                    problems = result.failures + result.errors
                    outcome = "failed" if result.failures else "error" if result.errors else "passed"
                    outcomes.append({"id": f"{attr}.{method}", "outcome": outcome,
                                     "message": problems[0][1][-600:] if problems else ""})
        return {"tests": outcomes}

    return prepare


def _pytest_files(paths, root):
    """Run test modules in one pytest session (the sandbox's pinned copy, see pytest_bundle.py:
    one start-up for all) and report each test's outcome per module, in the record `_test_file`
    gives: pytest's own verdicts, for the reviewer. Hidden pass/fail never comes from here."""

    def prepare():
        return run

    def run():
        import pytest

        outcomes = {}

        class Collect:
            def pytest_collectreport(self, report):
                if report.failed:
                    outcomes[report.nodeid] = ["error", _pytest_message(report)]

            def pytest_runtest_logreport(self, report):
                old = outcomes.get(report.nodeid)
                if report.when == "call" or old is None or old[0] == "passed":
                    if report.failed:
                        new = "failed" if report.when == "call" else "error"
                    elif report.skipped:
                        new = "skipped"
                    else:
                        new = "passed"
                    if old is None or new != "passed":
                        outcomes[report.nodeid] = [new, _pytest_message(report)]

        with open("pytest.ini", "w") as handle:  # the package's own config is not the workspace's
            handle.write("[pytest]\n")
        pytest.main([*(os.path.join(root, path) for path in paths), "-q", "-p", "no:cacheprovider",
                     "-c", "pytest.ini", "--rootdir", root], plugins=[Collect()])
        by_file = {path: [] for path in paths}
        for nodeid in sorted(outcomes):
            path, _, name = nodeid.partition("::")
            outcome, message = outcomes[nodeid]
            if path in by_file:
                by_file[path].append({"id": name or path, "outcome": outcome, "message": message})
        return {path: {"tests": tests} for path, tests in by_file.items()}

    return prepare


def _pytest_message(report):
    if not report.failed:
        return ""
    crash = getattr(getattr(report, "longrepr", None), "reprcrash", None)
    text = crash.message if crash is not None else str(report.longrepr)
    return text[-600:]


def _failing_line(tb):
    """(line number, stripped source line) of the innermost frame, as traceback would give."""
    while tb.tb_next is not None:
        tb = tb.tb_next
    lineno, line = tb.tb_lineno, ""
    try:
        with open(tb.tb_frame.f_code.co_filename, encoding="utf-8", errors="replace") as handle:
            for number, text in enumerate(handle, 1):
                if number == lineno:
                    line = text.strip()
                    break
    except (OSError, TypeError, ValueError):
        pass
    return lineno, line


def _run_one(name, fn):
    try:
        fn()
        return {"id": name, "outcome": "passed", "message": ""}
    except AssertionError as exc:
        lineno, line = _failing_line(exc.__traceback__)
        return {"id": name, "outcome": "failed",
                "message": f"AssertionError: {exc} (line {lineno}: {line})"[:600]}
    except Exception as exc:
        return {"id": name, "outcome": "error", "message": f"{type(exc).__name__}: {exc}"[:600]}


def _tests_record(value):
    """A test file's record as the host expects it, or an error record: children can lie."""
    if type(value) is not dict:
        return {"error": "malformed result"}
    if "tests" not in value:
        if set(value) <= {"error", "raises"} and all(type(v) is str for v in value.values()):
            return value
        return {"error": "malformed result"}
    tests = value["tests"]
    if set(value) != {"tests"} or type(tests) is not list:
        return {"error": "malformed result"}
    for test in tests:
        if (type(test) is not dict or set(test) != {"id", "outcome", "message"}
                or test["outcome"] not in _OUTCOMES
                or type(test["id"]) is not str or type(test["message"]) is not str):
            return {"error": "malformed result"}
    return value


# ------------------------------------------------------------ Landlock + seccomp (fallback)
# Used where user namespaces are blocked: each child confines itself right after the fork, so
# the runner stays outside the children's Landlock domain (with ABI 6+ they cannot signal it,
# and Landlock denies them ptrace and /proc access to it whatever the ABI).

_FS_READ_FILE, _FS_READ_DIR, _FS_EXECUTE, _FS_WRITE_FILE = 1 << 2, 1 << 3, 1 << 0, 1 << 1
_FS_TRUNCATE, _FS_IOCTL_DEV = 1 << 14, 1 << 15
_SYSCALLS = {  # machine: (audit arch, landlock create/add/restrict, clone, {name: nr})
    "x86_64": (0xC000003E, (444, 445, 446), 56, {
        "socket": 41, "ptrace": 101, "process_vm_readv": 310, "process_vm_writev": 311,
        "pidfd_getfd": 438, "unshare": 272, "setns": 308, "mount": 165, "umount2": 166,
        "pivot_root": 155, "chroot": 161, "open_tree": 428, "move_mount": 429, "fsopen": 430,
        "fsmount": 432, "fspick": 433, "mount_setattr": 442, "keyctl": 250, "add_key": 248,
        "request_key": 249, "bpf": 321, "perf_event_open": 298, "userfaultfd": 323,
        "io_uring_setup": 425, "io_uring_enter": 426, "io_uring_register": 427,
        "open_by_handle_at": 304, "kexec_load": 246, "init_module": 175,
        "finit_module": 313, "clone3": 435,
    }),
    "aarch64": (0xC00000B7, (444, 445, 446), 220, {
        "socket": 198, "ptrace": 117, "process_vm_readv": 270, "process_vm_writev": 271,
        "pidfd_getfd": 438, "unshare": 97, "setns": 268, "mount": 40, "umount2": 39,
        "pivot_root": 41, "chroot": 51, "open_tree": 428, "move_mount": 429, "fsopen": 430,
        "fsmount": 432, "fspick": 433, "mount_setattr": 442, "keyctl": 219, "add_key": 217,
        "request_key": 218, "bpf": 280, "perf_event_open": 241, "userfaultfd": 282,
        "io_uring_setup": 425, "io_uring_enter": 426, "io_uring_register": 427,
        "open_by_handle_at": 265, "kexec_load": 104, "init_module": 105,
        "finit_module": 273, "clone3": 435,
    }),
}
_CLONE_NEW_NAMESPACES = 0x7E020000  # NEWNS|NEWCGROUP|NEWUTS|NEWIPC|NEWUSER|NEWPID|NEWNET


def _seccomp_program(arch, clone_nr, table):
    """A classic-BPF filter: no sockets (socketpair stays), no ptrace or peeking at other
    processes, no namespaces or mounts, no keyrings, bpf, perf, userfaultfd or io_uring."""
    import struct

    errno_eacces, errno_eperm, errno_enosys = 13, 1, 38

    def op(code, k, jt=0, jf=0):
        return struct.pack("HBBI", code, jt, jf, k)

    def ret(value):
        return op(0x06, value)

    def errno(number):
        return ret(0x00050000 | number)

    prog = [op(0x20, 4), op(0x15, arch, 1, 0), ret(0x80000000), op(0x20, 0)]
    if arch == 0xC000003E:  # the x32 ABI: another syscall table, refuse it wholesale
        prog += [op(0x35, 0x40000000, 0, 1), errno(errno_enosys)]
    for name, nr in table.items():
        # clone3: its flags are out of a filter's reach; glibc falls back to clone on ENOSYS
        number = {"socket": errno_eacces, "clone3": errno_enosys}.get(name, errno_eperm)
        prog += [op(0x15, nr, 0, 1), errno(number)]
    prog += [op(0x15, clone_nr, 0, 3), op(0x20, 16), op(0x45, _CLONE_NEW_NAMESPACES, 0, 1),
             errno(errno_eperm), ret(0x7FFF0000)]
    return b"".join(prog), len(prog)


def _confinement(spec):
    """Prepare, in the runner, what each child applies to itself: returns apply() or raises."""
    import ctypes

    machine = os.uname().machine
    if machine not in _SYSCALLS:
        raise OSError(f"no seccomp table for {machine}")
    arch, (ll_create, ll_add, ll_restrict), clone_nr, table = _SYSCALLS[machine]
    libc = ctypes.CDLL(None, use_errno=True)
    libc.syscall.restype = ctypes.c_long
    abi = libc.syscall(ll_create, None, ctypes.c_size_t(0), ctypes.c_uint32(1))
    if abi < 1:
        raise OSError(ctypes.get_errno(), "Landlock is not available")
    handled = (1 << 13) - 1  # ABI 1: execute .. make_sym
    if abi >= 2:
        handled |= 1 << 13  # refer
    if abi >= 3:
        handled |= _FS_TRUNCATE
    if abi >= 5:
        handled |= _FS_IOCTL_DEV
    attr = [handled]
    if abi >= 4:
        attr.append(3)  # handled_access_net: bind_tcp | connect_tcp, with no rule: none
    if abi >= 6:
        attr.append(3)  # scoped: abstract unix sockets | signals, to outside the domain
    raw = (ctypes.c_uint64 * len(attr))(*attr)
    ruleset = libc.syscall(ll_create, ctypes.byref(raw), ctypes.c_size_t(8 * len(attr)),
                           ctypes.c_uint32(0))
    if ruleset < 0:
        raise OSError(ctypes.get_errno(), "landlock_create_ruleset")
    file_rights = _FS_EXECUTE | _FS_WRITE_FILE | _FS_READ_FILE | _FS_TRUNCATE | _FS_IOCTL_DEV
    rules = [(p, _FS_READ_FILE | _FS_READ_DIR | _FS_EXECUTE) for p in spec["exec"]]
    rules += [(p, _FS_READ_FILE | _FS_READ_DIR) for p in spec["read"]]
    rules += [(p, handled) for p in spec["write"]]
    rules += [(p, (_FS_READ_FILE | _FS_WRITE_FILE | _FS_TRUNCATE | _FS_IOCTL_DEV) & file_rights)
              for p in spec["devices"]]
    import struct

    for path, rights in rules:
        try:
            fd = os.open(path, os.O_PATH | os.O_CLOEXEC)
        except OSError:
            continue
        if not os.path.isdir(path):
            rights &= file_rights
        rule = ctypes.create_string_buffer(struct.pack("=Qi", rights & handled, fd), 12)
        done = libc.syscall(ll_add, ctypes.c_int(ruleset), ctypes.c_int(1), rule,
                            ctypes.c_uint32(0))
        os.close(fd)
        if done < 0:
            raise OSError(ctypes.get_errno(), f"landlock_add_rule {path}")
    code, length = _seccomp_program(arch, clone_nr, table)

    class SockFprog(ctypes.Structure):
        _fields_ = (("len", ctypes.c_ushort), ("filter", ctypes.c_char_p))

    program = SockFprog(length, code)
    libc.prctl.argtypes = (ctypes.c_int, ctypes.c_ulong, ctypes.c_void_p, ctypes.c_ulong,
                           ctypes.c_ulong)

    def apply():
        if libc.prctl(38, 1, None, 0, 0) != 0:  # PR_SET_NO_NEW_PRIVS
            raise OSError(ctypes.get_errno(), "no_new_privs")
        if libc.syscall(ll_restrict, ctypes.c_int(ruleset), ctypes.c_uint32(0)) != 0:
            raise OSError(ctypes.get_errno(), "landlock_restrict_self")
        os.close(ruleset)
        if libc.prctl(22, 2, ctypes.addressof(program), 0, 0) != 0:  # SECCOMP_MODE_FILTER
            raise OSError(ctypes.get_errno(), "seccomp")

    apply.abi = abi
    return apply


def _preload(names):
    """Import standard-library modules the host named, before any fork (sys.path: stdlib)."""
    for name in names:
        try:  # noqa: SIM105
            __import__(name)
        except BaseException:  # an unavailable module only costs the children an import
            pass


def main():
    # As pid 1 of its namespace, this process only receives the signals it handles: SIGINT
    # (KeyboardInterrupt) is the one Python handles, so a child could otherwise interrupt it.
    _signal.signal(_signal.SIGINT, _signal.SIG_IGN)
    stdin = sys.stdin.buffer
    job = marshal.loads(stdin.read())
    results_fd = os.dup(1)
    os.dup2(2, 1)
    _set_limits(job.get("limits"))
    os.chdir(job.get("cwd", "/tmp"))
    results = [] if job["mode"] == "probes" else {}
    # For the children: what they empty (`held`), the highest descriptor they may have
    # inherited, and their audit hook (made once here: a fork's copy-on-write makes it dearer).
    top_fd = max(os.sysconf("SC_OPEN_MAX"), results_fd, job.get("units_fd") or 0)
    state = {"results_fd": results_fd, "root": job.get("root", "/ws"), "confine": None,
             "held": (job, results), "top_fd": top_fd, "guard": _guard()}
    if job.get("confine"):
        state["confine"] = _confinement(job["confine"])
        # Under bubblewrap there is no /etc; here it exists but cannot be read. mimetypes
        # opens /etc/mime.types when it exists: tell it what the bwrap sandbox would show
        # (unless the workspace has a mimetypes module of its own).
        ws = state["root"]
        if not (os.path.exists(ws + "/mimetypes.py") or os.path.isdir(ws + "/mimetypes")):
            import mimetypes

            mimetypes.knownfiles = []
    if job.get("pytest"):
        # The pinned pytest (read-only): importable by the children, imported once here.
        sys.path.append(job["pytest"])
        sys.dont_write_bytecode = True
        os.environ["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"
        _preload(("pytest",))
    _preload(job.get("preload", ()))
    # The first compile() of a process costs most of a millisecond (the compiler's lazy set-up):
    # paid once here rather than by every child, which compiles its own probe or test file.
    compile("def _():\n    return 0\n", "<warm-up>", "exec")
    timeout = float(job.get("item_timeout_s", 3.0))
    if job["mode"] == "probes":  # results by position: the runner knows no probe's name
        for index in range(job["count"]):
            results.append(_in_child(_probe(job["units_fd"], index), timeout, state))
        os.close(job["units_fd"])
    elif job["mode"] == "tests":
        if job.get("pytest"):  # one session for every file: pytest's start-up is paid once
            files = job["files"]
            found = _in_child(_pytest_files(files, state["root"]), timeout * len(files), state)
            if type(found) is not dict:  # the child can lie: only a dict is read
                found = {"error": "malformed result"}
            for path in files:
                record = found.get(path) if "error" not in found and "raises" not in found else found
                results[path] = _tests_record(record if type(record) is dict else {})
        else:
            for path in job["files"]:
                results[path] = _tests_record(
                    _in_child(_test_file(os.path.join(state["root"], path)), timeout, state))
    own_namespace = job.get("pidns") and os.getpid() == 1
    own_uid = job.get("reap_uid") and os.getuid() == job["reap_uid"] and os.getuid() >= 1000
    if own_namespace or own_uid:
        # Alone in a pid namespace, or running as a uid lent to this job alone: end whatever
        # a child left behind (SIGKILL to every process we may signal but this one).
        try:  # noqa: SIM105
            os.kill(-1, 9)
        except OSError:
            pass
    _write_all(results_fd, _compact({"results": results}).encode())


main()
