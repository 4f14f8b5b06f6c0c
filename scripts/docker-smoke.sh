#!/usr/bin/env bash
# Smoke test of the image: build it, run it on a free port other than 8000 (PORT), wait for
# Docker to report it healthy, play one episode through PythonEnv.from_docker_image, check the
# server sandboxed it with bubblewrap (not the Landlock fallback), and remove the container.
# Needs a Docker daemon and `uv`. IMAGE=... names the image (default python-env:smoke);
# SMOKE_ALLOW_LANDLOCK=1 accepts the fallback (hosts that refuse bwrap even with the options).
set -euo pipefail
cd "$(dirname "$0")/.."

IMAGE="${IMAGE:-python-env:smoke}"
RUN_ID="smoke-$$-$(date +%s)"

cleanup() {
  # Backstop: the client removes its container on close; this catches a crash before that.
  local ids
  ids="$(docker ps -aq --filter "label=python-env-smoke=$RUN_ID" || true)"
  if [ -n "$ids" ]; then
    # shellcheck disable=SC2086
    docker rm -f $ids >/dev/null || true
  fi
}
trap cleanup EXIT

echo "smoke: building $IMAGE"
started=$(date +%s)
docker build -f server/Dockerfile -t "$IMAGE" .
echo "smoke: built in $(( $(date +%s) - started )) s"

uv run --frozen python - "$IMAGE" "$RUN_ID" <<'PY'
import os
import sys

from python_env import PythonEnv
from python_env.agents.oracle import OracleAgent
from python_env.docker_provider import SandboxedDockerProvider

image, run_id = sys.argv[1], sys.argv[2]
provider = SandboxedDockerProvider(labels={"python-env-smoke": run_id})
agent = OracleAgent()
with PythonEnv.from_docker_image(image, provider=provider).sync() as env:
    print(f"smoke: container {provider._container_name} is {provider.health()}")
    result = env.reset(task_id="pagination-off-by-one")
    agent.begin(result.observation)
    while not result.done:
        result = env.step(agent.act(result.observation))
    logs = provider.logs()
    print(result.observation.tool_output)
    if "landlock" in logs.lower():
        print("smoke: the server fell back to Landlock:\n" + logs[-2000:])
        if os.environ.get("SMOKE_ALLOW_LANDLOCK") != "1":
            sys.exit(3)
    print(f"smoke: reward {result.reward}")
    sys.exit(0 if result.reward == 1.0 else 4)
PY
left="$(docker ps -aq --filter "label=python-env-smoke=$RUN_ID")"
if [ -n "$left" ]; then
  echo "smoke: the client did not remove its container" >&2
  exit 5
fi
echo "smoke: passed"
