"""A "Review" tab for OpenEnv's web UI (`ENABLE_WEB_INTERFACE=true`, at `/web`): play an episode
by hand. OpenEnv's web UI drives one environment shared by every visitor; it is a playground,
not a multi-user service.
"""

from __future__ import annotations

import json
from typing import Any

import gradio as gr

from ..models import Category, Severity
from .tasks.loader import get_bank


class ReviewSession:
    """The tab's logic, separate from the widgets so it can be tested without a browser."""

    def __init__(self, web_manager: Any) -> None:
        self.manager = web_manager

    async def reset(self, task_id: str) -> tuple[str, str, str]:
        payload = await self.manager.reset_environment({"task_id": task_id})
        obs = payload["observation"]
        header = (f"## {obs['pr_title']}\n`{obs['task_id']}` · {obs['difficulty']} · "
                  f"{obs['step_budget']} steps\n\n{obs['pr_description']}\n\n**Files:** " +
                  ", ".join(f"`{f['path']}`" + (" (changed)" if f["changed"] else "")
                            for f in obs["files"]))
        return header, obs["diff"], render(payload)

    async def step(self, action: dict[str, Any]) -> str:
        try:
            payload = await self.manager.step_environment(
                {k: v for k, v in action.items() if v not in (None, "")})
        except Exception as exc:  # shown to the person, who fixes the form and retries
            return f"**Refused:** {exc}"
        return render(payload)


def render(payload: dict[str, Any]) -> str:
    obs = payload["observation"]
    parts = []
    if obs.get("last_action_error"):
        parts.append(f"**Error:** {obs['last_action_error']}")
    if obs.get("tool_output"):
        parts.append(f"```\n{obs['tool_output']}\n```")
    if obs.get("findings"):
        parts.append("**Findings:**\n" + "\n".join(
            f"- #{f['id']} `{f['file']}:{f['line']}` {f['category']}/{f['severity']}: {f['title']}"
            for f in obs["findings"]))
    parts.append(f"Steps remaining: {obs.get('steps_remaining')}")
    if payload.get("done"):
        parts.append(f"### Reward {payload.get('reward'):.3f}\n```json\n"
                     f"{json.dumps(obs.get('score'), indent=1)}\n```")
    return "\n\n".join(parts)


def build_review_tab(web_manager: Any, *_: Any) -> gr.Blocks:
    session = ReviewSession(web_manager)
    task_ids = sorted(get_bank().by_id)
    with gr.Blocks() as tab:
        with gr.Row():
            task = gr.Dropdown(task_ids, value=task_ids[0] if task_ids else None, label="Task")
            start = gr.Button("Start review", variant="primary")
        header = gr.Markdown()
        diff = gr.Code(language=None, label="Diff")
        output = gr.Markdown()
        with gr.Row():
            path = gr.Textbox(label="File path")
            tests = gr.Button("Run tests")
            static = gr.Button("Static analysis")
            read = gr.Button("Read file")
            hint = gr.Button("Hint (costs 0.05)")
        with gr.Row():
            line = gr.Number(label="Line", precision=0, minimum=1)
            category = gr.Dropdown([c.value for c in Category], value="bug", label="Category")
            severity = gr.Dropdown([s.value for s in Severity], value="major", label="Severity")
            title = gr.Textbox(label="Finding title")
            add = gr.Button("Add finding")
        patch = gr.Code(language="python", label="New content of the file (for a patch)")
        propose = gr.Button("Propose patch")
        with gr.Row():
            decision = gr.Radio(["approve", "request_changes"], value="request_changes",
                                label="Decision")
            submit = gr.Button("Submit review", variant="primary")

        start.click(session.reset, [task], [header, diff, output])

        async def simple(kind: str, file: str = "") -> str:
            return await session.step({"action_type": kind, "path": file or None})

        async def run_tests() -> str:
            return await simple("run_tests")

        async def run_static() -> str:
            return await simple("run_static_analysis")

        async def ask_hint() -> str:
            return await simple("request_hint")

        async def read_file(file: str) -> str:
            return await simple("read_file", file)

        async def add_finding(file, number, cat, sev, text) -> str:
            return await session.step({"action_type": "add_finding", "finding": {
                "file": file, "line": int(number or 1), "category": cat, "severity": sev,
                "title": text or "finding"}})

        async def propose_patch(file: str, content: str) -> str:
            return await session.step({"action_type": "propose_patch", "path": file,
                                       "content": content})

        async def submit_review(choice: str) -> str:
            return await session.step({"action_type": "submit", "decision": choice})

        tests.click(run_tests, None, output)
        static.click(run_static, None, output)
        hint.click(ask_hint, None, output)
        read.click(read_file, [path], output)
        add.click(add_finding, [path, line, category, severity, title], output)
        propose.click(propose_patch, [path, patch], output)
        submit.click(submit_review, [decision], output)
    return tab
