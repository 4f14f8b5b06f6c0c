"""The README's client example runs against a live server and scores what it says."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

README = Path(__file__).resolve().parents[1] / "README.md"


def _client_example() -> str:
    blocks = re.findall(r"```python\n(.*?)```", README.read_text(), re.S)
    (example,) = [b for b in blocks if "PythonEnv(base_url=" in b]
    return example


def test_the_client_example_scores_what_it_claims(server_url):
    source = _client_example().replace("http://127.0.0.1:8000", server_url)
    claims = re.findall(r"print\(result.*?\)\s+# (\S+)", source)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(source, "README.md", "exec"), {})
    printed = out.getvalue().splitlines()
    assert claims == ["1.0", "proven"]
    assert printed[-len(claims):] == claims


def test_the_rollout_example_scores_what_it_claims(server_url):
    blocks = re.findall(r"```python\n(.*?)```", README.read_text(), re.S)
    (example,) = [b for b in blocks if "run_episodes_sync(" in b]
    source = example.replace("http://127.0.0.1:8000", server_url)
    (claim,) = re.findall(r"print\(result.*?\)\s+# (.+)", source)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(source, "README.md", "exec"), {})
    assert out.getvalue().splitlines() == [claim.strip()]
