"""The image: what `docker build` is sent, the health check, and the smoke script.

No Docker daemon is needed for the first tests: the build context is computed from
.dockerignore with Docker's matching rules (a pattern excludes a path when it matches the path
or one of its parent directories; `*` stays within one path segment, `**` spans any number) and
tarred to a counting sink, as `docker build` would send it.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tarfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CONTEXT_LIMIT_BYTES = 20 * 1024 * 1024


def _pattern_regex(pattern: str) -> re.Pattern[str]:
    out, i = [], 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif pattern.startswith("**", i):
            out.append(".*")
            i += 2
        elif pattern[i] == "*":
            out.append("[^/]*")
            i += 1
        elif pattern[i] == "?":
            out.append("[^/]")
            i += 1
        else:
            out.append(re.escape(pattern[i]))
            i += 1
    return re.compile("".join(out) + r"\Z")


def dockerignore_rules(root: Path = ROOT) -> list[tuple[re.Pattern[str], bool]]:
    """(regex, excludes) per line; a later `!pattern` line re-includes."""
    rules = []
    for line in (root / ".dockerignore").read_text().splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        negated = line.startswith("!")
        pattern = os.path.normpath(line.lstrip("!").strip()).lstrip("/")
        rules.append((_pattern_regex(pattern), not negated))
    return rules


def is_excluded(path: str, rules: list[tuple[re.Pattern[str], bool]]) -> bool:
    parts = path.split("/")
    prefixes = ["/".join(parts[: n + 1]) for n in range(len(parts))]
    excluded = False
    for regex, excludes in rules:
        if any(regex.match(p) for p in prefixes):
            excluded = excludes
    return excluded


def context_files(root: Path = ROOT) -> list[str]:
    rules = dockerignore_rules(root)
    kept = []
    for directory, dirs, files in os.walk(root):
        rel_dir = os.path.relpath(directory, root)
        rel = "" if rel_dir == "." else rel_dir + "/"
        dirs[:] = [d for d in dirs if not is_excluded(rel + d, rules)]
        kept += [rel + f for f in files if not is_excluded(rel + f, rules)]
    return sorted(kept)


class _Counter:
    def __init__(self) -> None:
        self.size = 0

    def write(self, data: bytes) -> int:
        self.size += len(data)
        return len(data)


def context_bytes(root: Path = ROOT) -> int:
    """Size of the tar stream of the kept files (what the daemon would receive)."""
    sink = _Counter()
    with tarfile.open(fileobj=sink, mode="w|") as tar:  # type: ignore[arg-type]
        for path in context_files(root):
            tar.add(root / path, arcname=path, recursive=False)
    return sink.size


def test_the_matcher_follows_dockerignore_rules():
    rules = [(_pattern_regex(p), True) for p in (".venv", "**/__pycache__", "*.egg-info")]
    assert is_excluded(".venv/lib/x.py", rules)
    assert is_excluded("server/grading/__pycache__/a.pyc", rules)
    assert is_excluded("__pycache__/a.pyc", rules)
    assert is_excluded("openenv_python_env.egg-info/PKG-INFO", rules)
    assert not is_excluded("tasks/x.egg-info", rules)  # `*` does not cross a `/`
    assert not is_excluded("server/app.py", rules)
    rules += [(_pattern_regex("tasks"), True), (_pattern_regex("tasks/keep"), False)]
    assert is_excluded("tasks/drop/a.py", rules)
    assert not is_excluded("tasks/keep/a.py", rules)  # a later `!` line re-includes


def test_the_build_context_is_small_and_holds_what_the_image_needs():
    kept = set(context_files())
    assert not any(p.startswith((".venv/", ".git/")) or p == ".git" for p in kept)
    assert not any("__pycache__/" in p or p.endswith(".pyc") for p in kept)
    needed = {"pyproject.toml", "uv.lock", "README.md", "openenv.yaml", "__init__.py",
              "server/app.py", "server/Dockerfile", "server/sandbox/runner/main.py"}
    assert needed <= kept
    assert any(p.startswith("tasks/") and p.endswith("task.toml") for p in kept)
    size = context_bytes()
    assert size < CONTEXT_LIMIT_BYTES, f"build context {size / 1e6:.1f} MB"


def test_the_healthcheck_asks_the_port_the_server_listens_on():
    dockerfile = (ROOT / "server" / "Dockerfile").read_text()
    (check,) = re.findall(r"^HEALTHCHECK .*?\n\s+CMD (.*)$", dockerfile, re.M)
    assert not check.startswith("["), "exec form would not expand $PORT"
    url = re.search(r"http://\S+/health", check).group(0).strip('"')
    # The shell expands it at check time, in the container's environment.
    expanded = subprocess.run(["sh", "-c", f'echo "{url}"'], capture_output=True, text=True,
                              env={"PORT": "8765", "PATH": os.environ["PATH"]}).stdout.strip()
    assert expanded == "http://127.0.0.1:8765/health"


def _docker_unavailable() -> str | None:
    docker = shutil.which("docker")
    if docker is None:
        return "docker is not installed"
    done = subprocess.run([docker, "info", "--format", "{{.ServerVersion}}"],
                          capture_output=True, text=True, timeout=30)
    if done.returncode != 0:
        lines = (done.stderr or done.stdout).strip().splitlines()
        return f"no Docker daemon ({lines[-1] if lines else done.returncode})"
    return None


@pytest.mark.docker
@pytest.mark.timeout(1800)
def test_the_image_builds_serves_and_plays_an_episode():
    reason = _docker_unavailable()
    if reason:
        pytest.skip(f"scripts/docker-smoke.sh not run: {reason}")
    done = subprocess.run(["bash", str(ROOT / "scripts" / "docker-smoke.sh")], cwd=ROOT,
                          capture_output=True, text=True, timeout=1700)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert "smoke: reward 1.0" in done.stdout


def _fake_docker(tmp_path: Path, health: str) -> Path:
    """A `docker` on PATH that records its arguments and answers like a daemon would."""
    log = tmp_path / "docker.log"
    script = tmp_path / "bin" / "docker"
    script.parent.mkdir()
    script.write_text(f"""#!/bin/sh
echo "$@" >> {log}
case "$1" in
  run) echo c0ffee ;;
  inspect) echo {health} ;;
  logs) echo "INFO: Uvicorn running" ;;
esac
""")
    script.chmod(0o755)
    return log


def test_the_sandboxed_provider_runs_the_image_as_the_readme_says(tmp_path, monkeypatch):
    from python_env.docker_provider import SECURITY_OPTS, SandboxedDockerProvider

    log = _fake_docker(tmp_path, "healthy")
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}:{os.environ['PATH']}")
    provider = SandboxedDockerProvider(labels={"purpose": "test"})
    url = provider.start_container("python-env:smoke", port=9123)
    assert url == "http://127.0.0.1:9123"
    provider.wait_for_ready(url, timeout_s=5)
    provider.stop_container()
    (run,) = [line.split() for line in log.read_text().splitlines() if line.startswith("run")]
    assert run[-1] == "python-env:smoke"
    assert "127.0.0.1:9123:9123" in run and "PORT=9123" in run and "purpose=test" in run
    assert [run[i + 1] for i, w in enumerate(run) if w == "--security-opt"] == list(SECURITY_OPTS)
    readme = (ROOT / "README.md").read_text()
    assert all(f"--security-opt {option}" in readme for option in SECURITY_OPTS)
    assert "rm -f c0ffee" in log.read_text().splitlines()


def test_the_sandboxed_provider_gives_up_on_an_unhealthy_container(tmp_path, monkeypatch):
    from python_env.docker_provider import SandboxedDockerProvider

    _fake_docker(tmp_path, "unhealthy")
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}:{os.environ['PATH']}")
    provider = SandboxedDockerProvider()
    url = provider.start_container("python-env:smoke")
    with pytest.raises(TimeoutError, match="is unhealthy, not healthy"):
        provider.wait_for_ready(url, timeout_s=60)
