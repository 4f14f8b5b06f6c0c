"""Run the python_env image with what its sandbox needs, for `PythonEnv.from_docker_image`.

OpenEnv's LocalDockerProvider starts a container without options (so bubblewrap cannot create
its namespaces and the server falls back to Landlock) and maps the host port to 8000. This
provider adds the security options bubblewrap needs in a container (README, "Docker"), serves
on the same port inside and outside through `PORT` (so the image's HEALTHCHECK is exercised on a
port other than 8000), and waits for Docker itself to report the container healthy.

    with PythonEnv.from_docker_image("python-env", provider=SandboxedDockerProvider()).sync() as env:
        ...
"""

from __future__ import annotations

import subprocess
import time
from typing import Any

from openenv.core.containers.runtime.providers import LocalDockerProvider

# seccomp and AppArmor: Docker's default profiles refuse the unprivileged user namespaces
# bubblewrap creates. systempaths: the kernel refuses a fresh /proc (for bwrap's pid namespace)
# while Docker masks paths under the container's /proc.
SECURITY_OPTS = ("seccomp=unconfined", "apparmor=unconfined", "systempaths=unconfined")


class SandboxedDockerProvider(LocalDockerProvider):
    """A LocalDockerProvider with bubblewrap's security options, `PORT`, and Docker health."""

    def __init__(self, security_opts: tuple[str, ...] = SECURITY_OPTS,
                 ready_timeout_s: float = 300.0, labels: dict[str, str] | None = None,
                 health_interval_s: float = 2.0) -> None:
        super().__init__()
        self.security_opts = security_opts
        self.ready_timeout_s = ready_timeout_s
        self.labels = labels or {}
        self.health_interval_s = health_interval_s

    def start_container(self, image: str, port: int | None = None,
                        env_vars: dict[str, str] | None = None, **kwargs: Any) -> str:
        port = port or self._find_available_port()
        self._container_name = self._generate_container_name(image)
        cmd = ["docker", "run", "-d", "--name", self._container_name,
               "-p", f"127.0.0.1:{port}:{port}", "-e", f"PORT={port}",
               # The image's check, run more often than its 30 s so that readiness shows soon.
               "--health-interval", f"{self.health_interval_s}s"]
        for option in self.security_opts:
            cmd += ["--security-opt", option]
        for key, value in self.labels.items():
            cmd += ["--label", f"{key}={value}"]
        for key, value in (env_vars or {}).items():
            cmd += ["-e", f"{key}={value}"]
        cmd.append(image)
        done = subprocess.run(cmd, capture_output=True, text=True)
        if done.returncode != 0:
            raise RuntimeError(f"docker run failed ({done.returncode}): {done.stderr.strip()}")
        self._container_id = done.stdout.strip()
        return f"http://127.0.0.1:{port}"

    def stop_container(self) -> None:
        """Remove the container at once (`docker rm -f`): the base class's `docker stop` may
        outlast its own 10 s subprocess timeout and leave the container behind."""
        if self._container_id is None:
            return
        subprocess.run(["docker", "rm", "-f", self._container_id], capture_output=True,
                       timeout=120)
        self._container_id = self._container_name = None

    def health(self) -> str:
        """Docker's health status of the container (starting, healthy, unhealthy), or its state."""
        done = subprocess.run(
            ["docker", "inspect", "--format",
             "{{if .State.Health}}{{.State.Health.Status}}{{else}}{{.State.Status}}{{end}}",
             self._container_id or ""], capture_output=True, text=True)
        return done.stdout.strip() or f"unknown ({done.stderr.strip()})"

    def logs(self) -> str:
        done = subprocess.run(["docker", "logs", self._container_id or ""],
                              capture_output=True, text=True)
        return done.stdout + done.stderr

    def wait_for_ready(self, base_url: str, timeout_s: float | None = None) -> None:
        deadline = time.monotonic() + (timeout_s or self.ready_timeout_s)
        status = "starting"
        while time.monotonic() < deadline:
            status = self.health()
            if status == "healthy":
                return
            if status in ("unhealthy", "exited", "dead"):
                break
            time.sleep(1.0)
        raise TimeoutError(f"container {self._container_name} at {base_url} is {status}, not "
                           f"healthy\n{self.logs()[-4000:]}")
