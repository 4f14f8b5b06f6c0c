"""The runner's entry point: read the job, set the limits, prepare what every child inherits,
run each item in its own child, and write the results (by position for probes) to the original
stdout, which this process keeps to itself.
"""

import _signal
import marshal
import os
import sys

from .child import guard, in_child
from .confine import confinement
from .items import probe, pytest_files, test_file, tests_record
from .wire import compact, write_all


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
             "held": (job, results), "top_fd": top_fd, "guard": guard()}
    _prepare(job, state)
    timeout = float(job.get("item_timeout_s", 3.0))
    if job["mode"] == "probes":  # results by position: the runner knows no probe's name
        for index in range(job["count"]):
            results.append(in_child(probe(job["units_fd"], index), timeout, state))
        os.close(job["units_fd"])
    elif job["mode"] == "tests":
        _run_tests(job, state, timeout, results)
    _end_leftovers(job)
    write_all(results_fd, compact({"results": results}).encode())


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


def _prepare(job, state):
    """Before any fork: the confinement, pytest and the preloaded modules the children share."""
    if job.get("confine"):
        state["confine"] = confinement(job["confine"])
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


def _preload(names):
    """Import standard-library modules the host named, before any fork (sys.path: stdlib)."""
    for name in names:
        try:  # noqa: SIM105
            __import__(name)
        except BaseException:  # an unavailable module only costs the children an import
            pass


def _run_tests(job, state, timeout, results):
    if not job.get("pytest"):
        for path in job["files"]:
            results[path] = tests_record(
                in_child(test_file(os.path.join(state["root"], path)), timeout, state))
        return
    # One session for every file: pytest's start-up is paid once.
    files = job["files"]
    found = in_child(pytest_files(files, state["root"]), timeout * len(files), state)
    if type(found) is not dict:  # the child can lie: only a dict is read
        found = {"error": "malformed result"}
    for path in files:
        record = found.get(path) if "error" not in found and "raises" not in found else found
        results[path] = tests_record(record if type(record) is dict else {})


def _end_leftovers(job):
    """Alone in a pid namespace, or running as a uid lent to this job alone: end whatever a
    child left behind (SIGKILL to every process we may signal but this one)."""
    own_namespace = job.get("pidns") and os.getpid() == 1
    own_uid = job.get("reap_uid") and os.getuid() == job["reap_uid"] and os.getuid() >= 1000
    if own_namespace or own_uid:
        try:  # noqa: SIM105
            os.kill(-1, 9)
        except OSError:
            pass
