"""No answer oracle: nothing the agent can receive carries the task's reference."""

from __future__ import annotations

import json

import httpx
import pytest

from python_env import Finding, PythonAction, PythonEnv

from .conftest import all_tasks


class RecordingEnv(PythonEnv):
    """The client, keeping every raw message the server sends."""

    received: list[str]

    async def _receive(self):
        response = await super()._receive()
        self.received.append(json.dumps(response))
        return response


def reference_strings(task) -> list[str]:
    """Strings that would give the answer away; short or common ones would match by chance."""
    secrets: list[str] = []
    for issue in task.issues:
        secrets += [issue.id, issue.title, issue.hint]
        secrets += [line.strip() for line in issue.rationale.splitlines() if len(line.strip()) > 25]
        secrets += list(issue.witnesses)
    # What the agent is shown anyway: the diff (base and head) and the description.
    head_text = "\n".join([*task.head.values(), *task.base.values(), task.description])
    for text in task.fix_changes.values():
        secrets += [line.strip() for line in text.splitlines()
                    if len(line.strip()) > 12 and line.strip() not in head_text]
    secrets += [line.strip() for line in task.probes_source.splitlines()
                if len(line.strip()) > 20 and line.strip() not in head_text]
    assert task.derived is not None
    for value in (*task.derived.expected.values(), *task.derived.fail_to_pass):
        if len(value) > 8:
            secrets.append(value)
    return [s for s in secrets if s]


def _tasks():
    from python_env.server.tasks.generator import generate

    return [*(t for t in all_tasks() if t.derived), generate(0), generate(1)]


@pytest.mark.parametrize("task", _tasks(), ids=lambda t: t.id)
def test_no_payload_carries_a_reference_string(server_url, task):
    env = RecordingEnv(base_url=server_url)
    env.received = []
    target = task.issues[0] if task.issues else None
    path = target.file if target else task.changed_files[0]
    line = target.start_line if target else 1
    category = target.category if target else "bug"
    severity = target.severity if target else "minor"
    with env.sync() as client:
        client.reset(task_id=task.id)
        actions = [
            PythonAction(action_type="read_file", path=path),
            PythonAction(action_type="search", pattern="."),
            PythonAction(action_type="run_tests"),
            PythonAction(action_type="run_static_analysis"),
            PythonAction(action_type="add_finding", finding=Finding(
                file=path, line=line, category=category, severity=severity, title="probe")),
            PythonAction(action_type="remove_finding", finding_id=0),
            PythonAction(action_type="add_finding", finding=Finding(
                file=path, line=line, category=category, severity=severity, title="probe")),
        ]
        actions += [PythonAction(action_type="propose_patch", path=p, content=text)
                    for p, text in sorted(task.fix_changes.items())]
        actions.append(PythonAction(action_type="submit", decision="request_changes"))
        for action in actions:
            result = client.step(action)
            if not result.done:
                assert result.reward == 0.0
        client.state()
    assert result.done
    payloads = list(env.received)
    for route in ("/schema", "/metadata", "/health", "/python_env/splits"):
        payloads.append(httpx.get(server_url + route).text)
    for route, body in (("/python_env/tasks", {"split": "train"}),
                        ("/python_env/task", {"split": "train", "index": 0})):
        payloads.append(httpx.post(server_url + route, json=body).text)
    # The agent patched after reading and searching, so no fix line may come back either.
    blob = "\n".join(payloads)
    leaked = [s for s in reference_strings(task) if s in blob]
    assert not leaked, leaked


def test_hidden_checks_are_not_in_the_workspace(example_task):
    from python_env.server.python_env_environment import PythonEnvironment

    env = PythonEnvironment()
    env.reset(task_id=example_task.id)
    files = env.episode.workspace.files  # what the sandbox sees
    assert not any(p.endswith(("probes.py", "expected.json", "task.toml")) for p in files)
    for path, text in files.items():
        assert example_task.probes_source not in text, path
    on_disk = {p.relative_to(env.episode.workspace.root).as_posix()
               for p in env.episode.workspace.root.rglob("*") if p.is_file()}
    assert on_disk == set(files)
    env.close()
