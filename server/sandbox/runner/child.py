"""Each item (one probe, one test file) runs in a forked child: untrusted code never runs in
the runner's own process, and a child that exits early, hangs, forks or crashes loses only its
own result. The child lets go of the job before the code under review runs (`_seclude`) and
installs an audit hook against the routes to other code's objects (`guard`).
"""

import _signal
import os
import select
import sys
import time

from .wire import compact, loads, write_all

MAX_RESULT = 1 << 20


def _signal_name(number):
    import signal  # lazily: it pulls in enum; this process's sys.path holds the stdlib only

    try:
        return signal.Signals(number).name
    except ValueError:
        return f"SIG{number}"


def in_child(prepare, timeout, state):
    """Run prepare()() in a forked child; return its decoded result or an error record.

    prepare() is trusted: it loads this item's code. What it returns runs untrusted code, once
    the child has let go of everything else (see _seclude).
    """
    state["items"] = state.get("items", 0) + 1
    private = "item-" + str(state["items"])
    rfd, wfd = os.pipe()
    pid = os.fork()
    if pid == 0:  # child: untrusted code runs here
        _child(prepare, state, rfd, wfd, private)
    os.close(wfd)
    raw, timed_out, reaped = _collect(rfd, pid, timeout)
    for target in (-pid, pid):
        try:  # noqa: SIM105 (contextlib is not imported: startup cost)
            os.kill(target, 9)  # SIGKILL: the child and whatever it left in its group
        except OSError:
            pass
    wait_status = reaped[0] if reaped else os.waitpid(pid, 0)[1]
    if timed_out:
        return {"error": "timeout"}
    if not raw:
        if os.WIFSIGNALED(wait_status):
            return {"error": "killed:" + _signal_name(os.WTERMSIG(wait_status))}
        return {"error": "no output"}
    try:
        return loads(raw.decode("utf-8"))
    except Exception:
        return {"error": "corrupt output"}


def _child(prepare, state, rfd, wfd, private):
    """The forked child: confine, load the item, let go of the job, run; never returns."""
    try:
        os.close(rfd)
        os.close(state["results_fd"])
        _signal.signal(_signal.SIGINT, _signal.default_int_handler)
        os.setpgid(0, 0)
        if state["confine"] is not None:
            try:
                state["confine"]()
            except BaseException:  # never run untrusted code unconfined
                write_all(wfd, b'{"error":"confinement failed"}')
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
        data = compact(payload).encode()
    except BaseException:
        data = b'{"error":"unserialisable"}'
    try:
        write_all(wfd, data[:MAX_RESULT])
    finally:
        os._exit(0)


def _collect(rfd, pid, timeout):
    """(what the child wrote, timed out?, [wait status] if already reaped); closes `rfd`.

    The result is what the child wrote before it exited. Processes it forked may hold the pipe
    open (no EOF then): the child's exit, seen through a pidfd, ends the wait.
    """
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
            if size <= MAX_RESULT:
                chunks.append(chunk)
        elif exited in ready or (poll and _reap(pid, reaped := [])):
            _drain(rfd, chunks, size)
            break
    os.close(rfd)
    if exited is not None:
        os.close(exited)
    return b"".join(chunks), timed_out, reaped


def _drain(rfd, chunks, size):
    """After the child's exit: what is left in the pipe, without waiting for an EOF."""
    os.set_blocking(rfd, False)
    try:
        while size <= MAX_RESULT:
            chunk = os.read(rfd, 65536)
            if not chunk:
                break
            size += len(chunk)
            chunks.append(chunk)
    except BlockingIOError:
        pass


def _reap(pid, into):
    """Without pidfds: has the child exited? (its wait status goes into `into`)"""
    done, status = os.waitpid(pid, os.WNOHANG)
    if done:
        into.append(status)
    return bool(done)


def _seclude(state, keep_fd):
    """In a child, before any untrusted code: let go of the job, and guard what is left.

    What the runner holds is not secret (the probes never enter it, see items.probe), but nothing
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


def guard():
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
                # directory. A best effort: the kernel denies it anyway (see the sandbox package, bwrap.py).
                if parts[-1] == "mem" and ("proc" in parts or not startswith(path, "/")):
                    raise PermissionError("process memory: not available to code under review")

    return hook
