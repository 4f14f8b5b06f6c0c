"""The workbench's HTTP endpoints (no browser): the page, highlighting, the task view, patches,
and that nothing the page can fetch carries the answer."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from python_env.server.app import app
from python_env.server.unified_diff import apply_unified_diff
from python_env.server.workbench.highlight import highlight_lines

from .test_leakage import _tasks, reference_strings

TAG = re.compile(r"<[^>]+>")


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(app)


def plain(line_html: str) -> str:
    return html.unescape(TAG.sub("", line_html))


def test_page_and_assets_are_served_without_any_outside_url(client):
    page = client.get("/review")
    assert page.status_code == 200 and 'type="module"' in page.text
    # Follow the page's links and the scripts' imports: everything is served from here.
    queue = re.findall(r'(?:href|src)="(/review/[^"]+)"', page.text)
    seen: dict[str, str] = {}
    while queue:
        path = queue.pop()
        if path in seen:
            continue
        asset = client.get(path)
        assert asset.status_code == 200, path
        seen[path] = asset.text
        base = path.rsplit("/", 1)[0]
        queue += [f"{base}/{name}" for name in re.findall(r"from '\./([\w.]+\.js)'", asset.text)]
    assert {p.rsplit("/", 1)[1] for p in seen} >= {"main.js", "session.js", "code.js",
                                                    "workbench.css", "highlight.css"}
    for body in [page.text, *seen.values()]:
        assert not re.search(r"https?://", body), "the page must load nothing from elsewhere"


def test_highlighting_gives_one_escaped_html_line_per_source_line():
    text = 'def f(x):\n    """two\n    lines"""\n    return "<script>" if x else 1\n'
    lines = highlight_lines("m.py", text)
    assert len(lines) == 4
    assert '<span class="k">def</span>' in lines[0]
    assert "<script>" not in "".join(lines) and "&lt;script&gt;" in lines[3]
    assert [plain(x) for x in lines] == text.splitlines()
    # Numbered as the environment numbers lines: only "\n" ends a line.
    assert [plain(x) for x in highlight_lines("m.py", "a = 1\x0c\nb = 2")] == ["a = 1\x0c", "b = 2"]
    assert highlight_lines("m.py", "") == []
    # Unknown file kinds are still returned line by line, as plain text.
    assert highlight_lines("notes.xyz", "a\n<b>") == ["a", "&lt;b&gt;"]


def test_an_edit_comes_back_as_a_diff_and_as_highlighted_rows(client):
    old, new = "x = 1\ny = 2\n", "x = 1\ny = '<b>'\n"
    answer = client.post("/review/api/patch", json={"path": "m.py", "old": old, "new": new}).json()
    assert apply_unified_diff(old, answer["diff"]) == new
    rows = [r for h in answer["view"]["hunks"] for r in h["rows"]]
    assert [(r["t"], r["o"], r["n"]) for r in rows] == [
        ("ctx", 1, 1), ("del", 2, None), ("add", None, 2)]
    assert plain(rows[2]["h"]) == "y = '<b>'" and "<b>" not in rows[2]["h"]


def test_catalog_groups_tasks_by_split_with_public_fields_only(client):
    catalog = client.get("/review/api/catalog").json()
    assert set(catalog["splits"]) == {"train", "validation", "test"}
    assert catalog["generated_split"] == "generated"
    for tasks in catalog["splits"].values():
        assert tasks and all(set(t) == {"id", "split", "difficulty", "title", "files", "index"}
                             for t in tasks)
    assert "bug" in catalog["categories"] and "major" in catalog["severities"]


def test_task_view_shows_the_head_with_its_real_line_numbers(client, example_task):
    view = client.get(f"/review/api/task/{example_task.id}").json()
    files = {f["path"]: f for f in view["files"]}
    assert set(files) == set(example_task.head)
    for path, f in files.items():
        assert f["text"] == example_task.head[path]
        assert [plain(x) for x in f["lines"]] == example_task.head[path].splitlines()
        assert f["changed"] == (path in example_task.changed_files)
    hunk_headers = re.findall(r"^@@ .* @@$", example_task.diff, flags=re.M)
    assert [h["header"] for d in view["diffs"] for h in d["hunks"]] == hunk_headers
    for diff in view["diffs"]:
        head = example_task.head[diff["path"]].splitlines()
        base = example_task.base.get(diff["path"], "").splitlines()
        for row in (r for h in diff["hunks"] for r in h["rows"]):
            if row["t"] in ("ctx", "add"):
                assert plain(row["h"]) == head[row["n"] - 1]
            if row["t"] in ("ctx", "del"):
                assert base[row["o"] - 1] == (plain(row["h"]) if row["t"] == "del"
                                              else head[row["n"] - 1])


def test_unknown_task_is_a_404(client):
    assert client.get("/review/api/task/no-such-task").status_code == 404


@pytest.mark.parametrize("old,new", [
    ("a\nb\nc\n", "a\nB\nc\n"),
    ("x = 1\n" * 20, "x = 1\n" * 5 + "y = 2\n" + "x = 1\n" * 15),
    ("a\nb\n", "a\nb\nc"),  # no newline at the end of the edited text
])
def test_patch_endpoint_diff_applies_to_the_workspace_file(client, old, new):
    diff = client.post("/review/api/patch", json={"path": "m.py", "old": old, "new": new}).json()
    patched = apply_unified_diff(old, diff["diff"])
    assert patched == new if new.endswith("\n") else patched == new + "\n"


def _strings(value) -> list[str]:
    if isinstance(value, str):
        return [value, plain(value)]  # highlighted lines hide text between spans
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


@pytest.mark.parametrize("task", _tasks(), ids=lambda t: t.id)
def test_nothing_the_page_fetches_carries_the_answer(client, task):
    payloads = [client.get(f"/review/api/task/{task.id}").json(),
                client.get("/review/api/catalog").json()]
    received = "\n".join(_strings(payloads))
    assert task.head[task.changed_files[0]] in received  # the check sees the code it is given
    for secret in reference_strings(task):
        assert secret not in received, secret


def test_the_readme_points_at_the_page_it_serves(client):
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text()
    (url,) = set(re.findall(r"http://127\.0\.0\.1:8000(/review\b[^\s)`]*)", readme))
    assert client.get(url.rstrip(".")).status_code == 200
