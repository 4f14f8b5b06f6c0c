"""Trusted runner executed inside the sandbox (stdlib only; passed to the interpreter with -c).

It reads one JSON job from stdin, sets its own resource limits, then runs each probe or each
test file in a forked child so that untrusted code never runs in this process: a child that
exits early, hangs or crashes loses only its own result. Results go to the original stdout,
which this process keeps to itself; fd 1 is pointed at stderr before any untrusted import, so
what the code under review prints never mixes with results.
"""

import contextlib
import json
import os
import resource
import select
import signal
import sys
import time
import traceback

_dumps = json.dumps
_MAX_RESULT = 1 << 20


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
        return {"__set__": sorted(items, key=lambda x: _dumps(x, sort_keys=True))}
    if isinstance(value, dict):
        pairs = [(_dumps(_jsonable(k, depth + 1), sort_keys=True), _jsonable(v, depth + 1))
                 for k, v in dict.items(value)]
        return {"__dict__": sorted(pairs, key=lambda kv: kv[0])}
    name = type(value).__name__
    if name in ("Decimal", "datetime", "date", "time", "timedelta", "Fraction", "UUID",
                "PosixPath", "PurePosixPath", "timezone", "ZoneInfo"):
        return {"__" + name + "__": str(value)}
    return {"__object__": name}


def _set_limits(limits):
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


def _in_child(fn, timeout):
    """Run fn() in a forked child; return its JSON result or an error record."""
    rfd, wfd = os.pipe()
    pid = os.fork()
    if pid == 0:  # child: untrusted code runs here
        os.close(rfd)
        try:
            os.setpgid(0, 0)
            payload = fn()
        except BaseException as exc:
            payload = {"raises": type(exc).__name__}
        try:
            data = _dumps(payload, sort_keys=True, separators=(",", ":")).encode()
        except BaseException:
            data = b'{"error":"unserialisable"}'
        view = memoryview(data[:_MAX_RESULT])
        while view:
            view = view[os.write(wfd, view):]
        os._exit(0)
    os.close(wfd)
    chunks, deadline, status = [], time.monotonic() + timeout, None
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            status = "timeout"
            break
        ready, _, _ = select.select([rfd], [], [], remaining)
        if not ready:
            continue
        chunk = os.read(rfd, 65536)
        if not chunk:
            break
        chunks.append(chunk)
    os.close(rfd)
    for sig_target in (-pid, pid):
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.kill(sig_target, signal.SIGKILL)
    _, wait_status = os.waitpid(pid, 0)
    if status == "timeout":
        return {"error": "timeout"}
    raw = b"".join(chunks)
    if not raw:
        if os.WIFSIGNALED(wait_status):
            return {"error": "killed:" + signal.Signals(os.WTERMSIG(wait_status)).name}
        return {"error": "no output"}
    try:
        return json.loads(raw)
    except ValueError:
        return {"error": "corrupt output"}


def _probe(namespace_source, name):
    def run():
        namespace = {"__name__": "probes"}
        exec(namespace_source, namespace)  # trusted probe code, compiled by the parent
        return {"ok": _jsonable(namespace[name]())}

    return run


def _test_file(path):
    def run():
        import importlib.util
        import unittest

        spec = importlib.util.spec_from_file_location("test_module", path)
        module = importlib.util.module_from_spec(spec)
        sys.modules["test_module"] = module
        spec.loader.exec_module(module)
        outcomes = []
        for attr in sorted(vars(module)):
            obj = getattr(module, attr)
            if attr.startswith("test") and callable(obj) and not isinstance(obj, type):
                outcomes.append(_run_one(attr, obj))
            elif isinstance(obj, type) and issubclass(obj, unittest.TestCase):
                for method in unittest.TestLoader().getTestCaseNames(obj):
                    case = obj(method)
                    result = unittest.TestResult()
                    case.run(result)
                    problems = result.failures + result.errors
                    outcome = "failed" if result.failures else "error" if result.errors else "passed"
                    outcomes.append({"id": f"{attr}.{method}", "outcome": outcome,
                                     "message": problems[0][1][-600:] if problems else ""})
        return {"tests": outcomes}

    return run


def _run_one(name, fn):
    try:
        fn()
        return {"id": name, "outcome": "passed", "message": ""}
    except AssertionError as exc:
        tb = traceback.extract_tb(exc.__traceback__)[-1]
        return {"id": name, "outcome": "failed",
                "message": f"AssertionError: {exc} (line {tb.lineno}: {tb.line})"[:600]}
    except Exception as exc:
        return {"id": name, "outcome": "error", "message": f"{type(exc).__name__}: {exc}"[:600]}


def main():
    job = json.loads(sys.stdin.read())
    results_fd = os.dup(1)
    os.dup2(2, 1)
    _set_limits(job.get("limits", {}))
    sys.path.insert(0, job.get("root", "/ws"))
    os.chdir(job.get("cwd", "/tmp"))
    timeout = float(job.get("item_timeout_s", 3.0))
    results = {}
    if job["mode"] == "probes":
        code = compile(job["source"], "<probes>", "exec")
        for name in job["checks"]:
            results[name] = _in_child(_probe(code, name), timeout)
    elif job["mode"] == "tests":
        for path in job["files"]:
            results[path] = _in_child(_test_file(os.path.join(job.get("root", "/ws"), path)),
                                      timeout)
    data = _dumps({"results": results}, sort_keys=True).encode()
    view = memoryview(data)
    while view:
        view = view[os.write(results_fd, view):]


main()
