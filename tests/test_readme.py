"""The README runs as written: every Python block against a live server (or, for `from_env`,
a server it starts from this checkout) printing what its `# comments` claim, and its shell
commands are ones a fresh machine has (`uv run ...`) with arguments the CLI accepts."""

from __future__ import annotations

import contextlib
import io
import re
import shlex
from pathlib import Path

import pytest

from python_env.cli import build_parser

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"


def _blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", README.read_text(), re.S)


def _claims(source: str) -> list[str]:
    """What the block says its prints print: `print(...)  # <expected output>`."""
    return re.findall(r"^\s*print\(.*\)\s+# (.+?)\s*$", source, re.M)


def _run_block(source: str) -> list[str]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(source, "README.md", "exec"), {})
    return out.getvalue().splitlines()


def _block_id(block: str) -> str:
    if "from_env(" in block:
        return "from_env"
    if "import verifiers" in block:  # run by tests/test_integration_verifiers.py (its group)
        return "verifiers"
    return "rollout" if "run_episodes_sync(" in block else "client"


def test_every_python_block_is_one_this_file_runs():
    kinds = sorted(_block_id(b) for b in _blocks("python"))
    assert kinds == ["client", "from_env", "rollout", "verifiers"], kinds
    for block in _blocks("python"):
        assert _claims(block), "every example states what it prints"


def test_the_client_example_scores_what_it_claims(server_url):
    (source,) = [b for b in _blocks("python") if "PythonEnv(base_url=" in b]
    claims = _claims(source)
    assert claims == ["1.0", "proven"]
    printed = _run_block(source.replace("http://127.0.0.1:8000", server_url))
    assert printed[-len(claims):] == claims


@pytest.mark.timeout(600)  # `uv run --isolated` builds an environment: a minute when loaded
def test_the_from_env_example_serves_this_checkout_from_anywhere(tmp_path, monkeypatch):
    (source,) = [b for b in _blocks("python") if "from_env(" in b]
    assert 'project_path="."' in source
    claims = _claims(source)
    assert claims == ["0.0"]
    monkeypatch.chdir(tmp_path)  # the provider runs uvicorn from the caller's directory
    printed = _run_block(source.replace('project_path="."', f"project_path={str(ROOT)!r}"))
    assert printed[-1:] == claims


def _commands() -> list[list[str]]:
    """The README's shell commands: each line of a bash block, continuations joined,
    leading VAR=value assignments and trailing comments dropped."""
    commands = []
    for block in _blocks("bash"):
        for line in block.replace("\\\n", " ").splitlines():
            words = shlex.split(line, comments=True)
            while words and re.match(r"^[A-Z_]+=", words[0]):
                words.pop(0)
            if words:
                commands.append(words)
    return commands


def test_commands_are_ones_a_fresh_machine_has():
    commands = _commands()
    assert commands
    for words in commands:
        assert words[0] in ("uv", "docker", "apt-get", "bash"), words
    # Tools installed in the project's environment are reached through `uv run`, also when
    # prose gives a command line (with options; a bare `python-env eval` names the command).
    text = README.read_text()
    for tool in ("openenv", "python-env", "pytest", "server"):
        bare = re.findall(rf"`{tool} [^`]* -[^`]*`", text)
        assert not bare, f"`{tool}` without `uv run`: {bare}"


def test_python_env_commands_parse():
    parser = build_parser()
    runs = [w[3:] for w in _commands() if w[:3] == ["uv", "run", "python-env"]]
    assert len(runs) >= 6
    for argv in runs:
        if argv == ["--version"]:
            continue
        args = parser.parse_args(argv)
        assert callable(args.func), argv


def test_the_rollout_example_scores_what_it_claims(server_url):
    (source,) = [b for b in _blocks("python") if _block_id(b) == "rollout"]
    claims = _claims(source)
    assert claims == ["pagination-off-by-one 0.0 1"]
    assert _run_block(source.replace("http://127.0.0.1:8000", server_url)) == claims


def test_the_architecture_diagram_names_files_that_exist():
    """Every file or folder the Architecture section's diagram names is in the checkout."""
    diagram = README.read_text(encoding="utf-8").split("## Architecture", 1)[1]
    diagram = next(b for b in re.findall(r"```text\n(.*?)```", diagram, re.S))
    named = set(re.findall(r"[\w/]+\.py|[\w]+(?:/[\w]+)*/", diagram))
    assert len(named) > 20
    missing = []
    for name in sorted(named):
        candidates = [ROOT / name, ROOT / "server" / name, ROOT / "server" / "sandbox" / name]
        if name.endswith(".py") and "/" not in name.rstrip("/"):
            candidates += list(ROOT.glob(f"**/{name}"))
        if not any(c.exists() for c in candidates if ".venv" not in c.parts):
            missing.append(name)
    assert not missing, f"the diagram names files that do not exist: {missing}"


def test_ci_runs_the_readme_test_command_and_it_is_the_whole_suite():
    (line,) = [line.split("#")[0].strip() for block in _blocks("bash")
               for line in block.splitlines() if "whole test suite" in line]
    words = shlex.split(line)
    assert words[:3] == ["uv", "run", "pytest"]
    # No selection (-m, -k, paths): the whole default suite; the groups pyproject's addopts
    # leave out are run by .ci/run's own `pytest -m ...` lines.
    assert not [w for w in words[3:] if w in ("-m", "-k", "--lf", "--ff", "--sw")
                or (not w.startswith("-") and not w.isdigit() and w != "auto")], words
    ci = [c.strip() for c in (ROOT / ".ci" / "run").read_text().splitlines()]
    assert line in ci, f"{line!r} is not a line of .ci/run"
