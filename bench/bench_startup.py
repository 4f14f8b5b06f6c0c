"""Start-up cost of the entry points, each in a fresh interpreter.

    uv run python bench/bench_startup.py [--reps N] [--python PATH]

Prints the wall time p50/max (ms) of
  (a) `python -c pass` (the interpreter alone),
  (b) `python-env --help`,
  (c) `python-env tasks list` (the bundled bank, table to a pipe),
  (d) `from python_env import PythonEnv` (the client),
  (e) `from python_env.server.app import app` (the server, for comparison),
their ratio to (a), the modules each leaves in `sys.modules`, and the load average before and
after. Targets on an idle 2-core machine: (b) and (c) under 2 s. Other load inflates every
number: compare ratios to (a) from the same run. `--python` measures another checkout's
environment (e.g. main's `.venv/bin/python`, for a before/after).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time

CASES = {
    "(a) python -c pass": "pass",
    "(b) python-env --help": "import sys; sys.argv = ['python-env', '--help']\n"
    "from python_env.cli import main\ntry:\n    main()\nexcept SystemExit:\n    pass",
    "(c) python-env tasks list": "import sys\nfrom python_env.cli import main\n"
    "main(['tasks', 'list'])",
    "(d) from python_env import PythonEnv": "from python_env import PythonEnv",
    "(e) from python_env.server.app import app": "from python_env.server.app import app",
}
COUNT = "\nimport sys as _s; print('MODULES', len(_s.modules), file=_s.stderr)"


def run(python: str, code: str) -> tuple[float, int]:
    began = time.perf_counter()
    done = subprocess.run([python, "-c", code + COUNT], capture_output=True, text=True,
                          timeout=600, env={**os.environ, "COLUMNS": "120"})
    elapsed = time.perf_counter() - began
    if done.returncode != 0:
        raise RuntimeError(done.stderr[-2000:])
    modules = int(done.stderr.rsplit("MODULES", 1)[1].split()[0])
    return elapsed, modules


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument("--python", default=sys.executable)
    args = parser.parse_args()
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"{'entry point':42} {'p50 ms':>8} {'max ms':>8} {'/ (a)':>7} {'modules':>8}")
    base = None
    for name, code in CASES.items():
        run(args.python, code)  # warm the file cache: "cold" here means a fresh interpreter
        samples, modules = [], 0
        for _ in range(args.reps):
            elapsed, modules = run(args.python, code)
            samples.append(elapsed * 1000)
        p50 = statistics.median(samples)
        base = base or p50
        print(f"{name:42} {p50:8.0f} {max(samples):8.0f} {p50 / base:7.1f} {modules:8d}",
              flush=True)
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
