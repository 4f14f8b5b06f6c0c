"""Reading a job's outcome: the runner's capped output, decoded into a JobResult.

Only a runner that exited normally and printed one well-formed JSON document produced results;
anything else (a timeout, a signal, a crash, a malformed document) is reported as such and never
read as results.
"""

from __future__ import annotations

import contextlib
import json
import os
import selectors
import signal
import subprocess
import time
from dataclasses import dataclass, field

from .host import kill_group

OUTPUT_CAP = 64 * 1024
RESULT_CAP = 8 * 1024 * 1024


@dataclass
class JobResult:
    status: str  # ok | timeout | killed | crashed
    wall_ms: float
    results: dict = field(default_factory=dict)
    stderr: str = ""
    detail: str = ""


def communicate(proc: subprocess.Popen, data: bytes, wall_s: float) -> tuple[bytes, bytes, bool]:
    """Feed stdin, read capped stdout/stderr, kill the process group at the deadline."""
    assert proc.stdin and proc.stdout and proc.stderr
    deadline = time.monotonic() + wall_s
    try:
        proc.stdin.write(data)
        proc.stdin.close()
    except BrokenPipeError:
        pass
    caps = {proc.stdout: RESULT_CAP, proc.stderr: OUTPUT_CAP}
    buffers: dict = {proc.stdout: bytearray(), proc.stderr: bytearray()}
    timed_out = not _read_capped(caps, buffers, deadline)
    if timed_out:
        kill_group(proc)
    try:
        proc.wait(timeout=max(0.1, deadline - time.monotonic()))
    except subprocess.TimeoutExpired:
        timed_out = True
        kill_group(proc)
        proc.wait()
    proc.stdout.close()
    proc.stderr.close()
    return bytes(buffers[proc.stdout]), bytes(buffers[proc.stderr]), timed_out


def _read_capped(caps: dict, buffers: dict, deadline: float) -> bool:
    """Read every stream to its end, keeping up to its cap; False if the deadline came first."""
    with selectors.DefaultSelector() as sel:
        for stream in caps:
            sel.register(stream, selectors.EVENT_READ)
        while sel.get_map():
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return False
            for key, _ in sel.select(remaining):
                chunk = os.read(key.fd, 1 << 20)
                if not chunk:
                    sel.unregister(key.fileobj)
                    continue
                buf = buffers[key.fileobj]
                if len(buf) < caps[key.fileobj]:
                    buf += chunk
    return True


def job_result(code: int, out: bytes, err: bytes, timed_out: bool, wall_ms: float,
               signal_exit: bool) -> JobResult:
    """The JobResult of a finished runner; `signal_exit`: a code 128 + n means signal n."""
    stderr = err[:OUTPUT_CAP].decode("utf-8", "replace")
    if timed_out:
        return JobResult("timeout", wall_ms, stderr=stderr, detail="wall-clock limit reached")
    if code < 0:
        name = signal.Signals(-code).name
        return JobResult("killed", wall_ms, stderr=stderr, detail=f"killed by {name}")
    try:
        if code != 0:  # whatever it printed, a runner that did not finish failed
            raise ValueError(f"exit code {code}")
        results = json.loads(out)["results"]
        if not isinstance(results, dict | list):
            raise TypeError("results is not an object")
    except (ValueError, KeyError, TypeError):
        detail = f"runner exit code {code}"
        if code > 128 and signal_exit:  # bwrap reports a signal as 128 + n
            with contextlib.suppress(ValueError):
                detail += f" (runner killed by {signal.Signals(code - 128).name})"
        return JobResult("crashed", wall_ms, stderr=stderr, detail=detail)
    return JobResult("ok", wall_ms, results=results, stderr=stderr)
