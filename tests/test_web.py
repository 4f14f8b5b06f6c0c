"""The web page to try an episode by hand (OpenEnv's /web with our Review tab)."""

from __future__ import annotations

import asyncio

import httpx

from python_env.server.web import ReviewSession

from .conftest import EXAMPLE_TASK, serve


def test_web_page_serves_the_review_tab(monkeypatch):
    monkeypatch.setenv("ENABLE_WEB_INTERFACE", "true")
    from python_env.server.app import build_app

    with serve(build_app()) as url:
        page = httpx.get(f"{url}/web/", follow_redirects=True)
        assert page.status_code == 200
        config = httpx.get(f"{url}/web/config", follow_redirects=True).text
        assert "Review" in config and "Start review" in config


def test_review_session_plays_an_episode(example_task):
    from openenv.core.env_server.web_interface import WebInterfaceManager

    from python_env.models import PythonAction, PythonObservation
    from python_env.server.python_env_environment import PythonEnvironment

    manager = WebInterfaceManager(PythonEnvironment(), PythonAction, PythonObservation)
    session = ReviewSession(manager)

    async def episode() -> list[str]:
        header, diff, _ = await session.reset(EXAMPLE_TASK)
        assert example_task.title in header and diff == example_task.diff
        issue = example_task.issues[0]
        return [
            await session.step({"action_type": "run_tests"}),
            await session.step({"action_type": "read_file", "path": "nope.py"}),
            await session.step({"action_type": "add_finding", "finding": {
                "file": issue.file, "line": issue.start_line, "category": "bug",
                "severity": "major", "title": "t"}}),
            await session.step({"action_type": "submit", "decision": "request_changes"}),
        ]

    tests, missing, finding, final = asyncio.run(episode())
    assert "3 passed" in tests
    assert "no such file" in missing
    assert "#0" in finding
    assert "### Reward 0.049" in final  # a finding without evidence, no patch
