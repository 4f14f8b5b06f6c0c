"""Running untrusted code: the workspace's patches and the tests that import them.

Each job runs the trusted runner (runner/, shipped as one program by shipping.py) under a
system interpreter, confined by a backend (backend.py chooses one per Sandbox):

- bubblewrap (bwrap.py), launched as an unprivileged uid: every namespace unshared, the
  workspace bound read-only, a size-limited tmpfs as the only scratch space, and the runner as
  pid 1 running from an execute-only, so non-dumpable, copy of the interpreter;
- Landlock + seccomp (landlock.py, runner/confine.py) where user namespaces are blocked.

The pool (pool.py) gives each job a slot and the slot's uid, rlimits are set by the runner
before any untrusted import, and the whole process group is killed at the wall-clock limit;
results.py decodes what the runner wrote. Probes never reach the sandbox as a file (units.py),
and the standard-library modules the job imports are preloaded before the runner forks
(preload.py).

Files for a job are written by `files.materialize` (the workspace layer).
"""

from .backend import BACKEND_ENV, BACKENDS, UNSAFE_ENV, Backend, detect_backend
from .bwrap import sealed_interpreter
from .host import BASE_UID, HOST_ENV, SandboxUnavailable, system_python
from .limits import Limits
from .pool import MAX_QUEUED_JOBS, Sandbox, shared_sandbox
from .preload import PRELOADABLE, preload_names
from .results import OUTPUT_CAP, RESULT_CAP, JobResult
from .shipping import runner_code, runner_source

__all__ = (
    "BACKENDS",
    "BACKEND_ENV",
    "BASE_UID",
    "HOST_ENV",
    "MAX_QUEUED_JOBS",
    "OUTPUT_CAP",
    "PRELOADABLE",
    "RESULT_CAP",
    "UNSAFE_ENV",
    "Backend",
    "JobResult",
    "Limits",
    "Sandbox",
    "SandboxUnavailable",
    "detect_backend",
    "preload_names",
    "runner_code",
    "runner_source",
    "sealed_interpreter",
    "shared_sandbox",
    "system_python",
)
