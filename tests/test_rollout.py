"""python_env.rollout against the real server: concurrency, timeouts, retries, trajectories."""

from __future__ import annotations

import asyncio
import contextlib
import time

import pytest

from python_env.agents.oracle import OracleAgent
from python_env.models import PythonAction, PythonObservation
from python_env.rollout import (
    EpisodeRequest,
    PerEpisode,
    Trajectory,
    agent_policy,
    read_jsonl,
    run_episode,
    run_episodes,
    write_jsonl,
)
from python_env.server.app import build_app
from python_env.server.tasks.loader import get_bank

from .conftest import EXAMPLE_TASK, serve


def _train_ids(n: int) -> list[str]:
    return [t.id for t in get_bank().split("train") if t.derived is not None][:n]


def _submit(observation: PythonObservation) -> PythonAction:
    return PythonAction(action_type="submit", decision="approve")


def test_concurrency_is_bounded_and_reached_over_two_servers(server_url):
    # The policy holds each episode until three are in it at once (or 10 s pass): the bound is
    # reached, never passed, and the episodes spread over both servers.
    active, peak = 0, 0
    changed = asyncio.Condition()

    async def policy(observation: PythonObservation) -> PythonAction:
        nonlocal active, peak
        async with changed:
            active += 1
            peak = max(peak, active)
            changed.notify_all()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(changed.wait_for(lambda: peak >= 3), 10)
            active -= 1
        return _submit(observation)

    with serve(build_app()) as second:
        results = asyncio.run(run_episodes([server_url, second], policy, _train_ids(6),
                                           concurrency=3, timeout_s=60))
    assert peak == 3
    assert all(r.ok and r.steps == 1 and r.attempts == 1 for r in results)
    assert [r.task_id for r in results] == _train_ids(6)  # in the order asked
    assert {r.url for r in results} == {server_url, second}


def test_episode_timeout_ends_a_stuck_policy(server_url):
    async def stuck(observation: PythonObservation) -> PythonAction:
        await asyncio.sleep(60)
        raise AssertionError("unreachable")

    started = time.monotonic()
    result = asyncio.run(run_episode(server_url, EXAMPLE_TASK, stuck, timeout_s=1.5))
    assert time.monotonic() - started < 20
    assert not result.ok and result.error.startswith("TimeoutError")
    assert result.score == 0.0 and result.breakdown is None
    assert result.trajectory.error == result.error and result.trajectory.score is None


async def _cutting_proxy(target: str, cut_after_bytes: int):
    """A TCP proxy to `target` that aborts its first connection once the server has sent more
    than `cut_after_bytes` bytes. The handshake's answer is some 280 bytes, and the frames are
    compressed (the reset's answer is about 1 kB): 300 cuts right after the reset."""
    host, port = target.removeprefix("http://").split(":")
    connections: list[int] = []

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        connections.append(1)
        cut = len(connections) == 1
        up_reader, up_writer = await asyncio.open_connection(host, int(port))

        async def pipe(src, dst, downstream: bool) -> None:
            sent = 0
            try:
                while data := await src.read(65536):
                    dst.write(data)
                    await dst.drain()
                    sent += len(data)
                    if downstream and cut and sent > cut_after_bytes:
                        break
            except (ConnectionError, OSError):
                pass
            finally:
                writer.transport.abort()
                up_writer.transport.abort()

        await asyncio.gather(pipe(reader, up_writer, False), pipe(up_reader, writer, True))

    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    return server, f"http://127.0.0.1:{server.sockets[0].getsockname()[1]}", connections


def test_dropped_connection_reruns_the_episode_from_reset(server_url):
    bank = get_bank()

    async def scenario():
        proxy, url, connections = await _cutting_proxy(server_url, 300)
        async with proxy:
            result = await run_episode(url, EpisodeRequest(task_id=EXAMPLE_TASK),
                                       agent_policy(lambda: OracleAgent(bank)), timeout_s=60)
        return result, len(connections)

    result, connections = asyncio.run(scenario())
    # The 2nd connection is either the retry, or OpenEnv's client re-opening the cut socket on
    # its own (the step then reaches a session without the episode: SessionLost) before it.
    assert connections in (2, 3)
    assert result.ok and result.attempts == 2
    assert result.score == pytest.approx(1.0)  # the oracle's plan, played whole the 2nd time
    assert result.trajectory.attempts == 2
    assert [s.action["action_type"] for s in result.trajectory.steps][-1] == "submit"
    assert len(result.trajectory.steps) == result.steps  # only the attempt that finished


def test_attempts_are_bounded(server_url):
    async def scenario():
        proxy, url, connections = await _cutting_proxy(server_url, 300)
        async with proxy:  # the first connection cut after the reset, one attempt allowed
            result = await run_episode(url, EXAMPLE_TASK, _submit, max_attempts=1)
        return result, len(connections)

    result, connections = asyncio.run(scenario())
    assert connections in (1, 2) and result.attempts == 1  # 2: the client's own re-open
    assert not result.ok and result.score == 0.0
    assert result.error.split(":")[0] in ("SessionLost", "ConnectionClosedError")


def test_trajectory_jsonl_round_trip_with_truncated_tool_output(server_url, tmp_path):
    task = get_bank().get(EXAMPLE_TASK)
    path = task.changed_files[0]
    plan = [PythonAction(action_type="read_file", path=path),
            PythonAction(action_type="search", pattern="def "),
            PythonAction(action_type="submit", decision="request_changes")]

    results = asyncio.run(run_episodes(
        server_url, PerEpisode(lambda request: lambda observation: plan.pop(0)), [EXAMPLE_TASK],
        tool_output_limit=80))
    result = results[0]
    trajectory = result.trajectory
    assert result.ok and trajectory.task_id == EXAMPLE_TASK
    assert trajectory.reward_version == result.breakdown.reward_version
    assert trajectory.breakdown["total"] == result.score == trajectory.score
    assert [s.action["action_type"] for s in trajectory.steps] == ["read_file", "search",
                                                                    "submit"]
    read = trajectory.steps[0].observation["tool_output"]
    head, marker = read.split("\n... [")
    assert len(head) == 80 and marker.endswith(" characters truncated]")
    assert "diff" in trajectory.initial and "diff" not in trajectory.steps[0].observation
    line = trajectory.to_json()
    assert "\n" not in line
    assert Trajectory.from_json(line) == trajectory
    assert Trajectory.from_json(line).actions == [PythonAction(action_type="read_file",
                                                               path=path),
                                                  PythonAction(action_type="search",
                                                               pattern="def "),
                                                  PythonAction(action_type="submit",
                                                               decision="request_changes")]
    out = tmp_path / "t.jsonl"
    assert write_jsonl([trajectory, trajectory], out) == 2
    assert list(read_jsonl(out)) == [trajectory, trajectory]
    out.write_text('{"format": "something else"}\n')
    with pytest.raises(ValueError, match=r"t\.jsonl:1"):
        list(read_jsonl(out))


def test_a_policy_error_is_the_episode_error_not_an_exception(server_url):
    def broken(observation: PythonObservation) -> PythonAction:
        return "submit"  # type: ignore[return-value]

    results = asyncio.run(run_episodes(server_url, broken, [EXAMPLE_TASK, EXAMPLE_TASK],
                                       concurrency=2))
    assert all(r.error and "not a PythonAction" in r.error and r.attempts == 1
               for r in results)


def test_an_action_that_raises_on_the_server_reruns_the_episode():
    # OpenEnv answers an exception in step() with EXECUTION_ERROR, after the environment may
    # have changed (the step counted): not a refusal to skip, a lost attempt.
    from openenv.core.env_server.http_server import create_app

    from python_env.models import PythonState
    from python_env.server.python_env_environment import PythonEnvironment

    raised: list[int] = []

    class FlakyHint(PythonEnvironment):
        def step(self, action, timeout_s=None, **kwargs):
            if action.action_type == "request_hint" and not raised:
                raised.append(self.state.step_count)
                self.state.step_count += 1
                raise RuntimeError("grader crashed")
            return super().step(action, timeout_s, **kwargs)

    plan = [PythonAction(action_type="request_hint"), PythonAction(action_type="submit",
                                                                   decision="approve")]
    app = create_app(FlakyHint, PythonAction, PythonObservation, env_name="python_env",
                     state_cls=PythonState)
    with serve(app) as url:
        result = asyncio.run(run_episode(
            url, EXAMPLE_TASK, PerEpisode(lambda request: lambda o, p=list(plan): p.pop(0)),
            max_attempts=2))
    assert raised == [0]
    assert result.ok and result.attempts == 2
    assert [(s.action["action_type"], s.refused) for s in result.trajectory.steps] == [
        ("request_hint", False), ("submit", False)]
    assert result.trajectory.steps[-1].observation["steps_remaining"] == \
        result.trajectory.initial["steps_remaining"] - 2
