"""How the runner reaches the sandbox: one program, compiled once by the sandbox interpreter.

The runner is a small package (runner/) so that each part stays readable and testable on the
host; inside the sandbox it must run under the system interpreter with nothing from this
repository's virtualenv. So its modules are joined into one program (their imports of each
other dropped: they then share one namespace), compiled and marshalled by the sandbox
interpreter, and sent on stdin ahead of the job. Where that precompilation fails, the joined
source is passed with -c and the job is the whole of stdin.
"""

from __future__ import annotations

import ast
import logging
import subprocess
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

from ..once import once
from ..syntax import parse
from .host import HOST_ENV
from .runner import PARTS

log = logging.getLogger(__name__)

RUNNER_DIR = Path(__file__).parent / "runner"
RUNNER_FILENAME = "<sandbox runner>"
# Reads the marshalled runner from stdin, then the runner reads the job from the rest of it.
BOOTSTRAP = "import marshal,sys;b=sys.stdin.buffer;exec(marshal.loads(b.read(int(b.readline()))))"
_COMPILE = (
    "import marshal,sys;sys.stdout.buffer.write(marshal.dumps("
    f"compile(sys.stdin.read(),{RUNNER_FILENAME!r},'exec')))"
)


def _top_level_names(tree: ast.Module) -> set[str]:
    """What a module defines at its top level (its imports of modules excepted)."""
    names: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.Assign):
            for target in node.targets:
                elements = target.elts if isinstance(target, ast.Tuple) else [target]
                names.update(e.id for e in elements if isinstance(e, ast.Name))
    return names


def _joinable(part: str, text: str, defined: dict[str, str]) -> str:
    """`text` without its imports of sibling modules, after checking that joining it into one
    namespace changes nothing: each imported name is defined, unrenamed, by an earlier part,
    and no name is defined twice."""
    tree = parse(text, filename=f"{part}.py")  # under the AST lock (syntax.py)
    lines = text.splitlines(keepends=True)
    for node in ast.walk(tree):
        if not (isinstance(node, ast.ImportFrom) and node.level):
            continue
        if node not in tree.body or node.level != 1:
            raise ValueError(f"runner/{part}.py:{node.lineno}: only top-level `from .x import y`")
        for alias in node.names:
            if alias.asname or defined.get(alias.name) != node.module:
                raise ValueError(f"runner/{part}.py:{node.lineno}: {alias.name!r} is not "
                                 f"defined by an earlier part {node.module!r} (see PARTS)")
        for index in range(node.lineno - 1, node.end_lineno or node.lineno):
            lines[index] = "\n"  # keep the line numbers of what follows
    modules = {(a.asname or a.name).split(".")[0] for node in tree.body
               if isinstance(node, ast.Import) for a in node.names}
    for name in _top_level_names(tree) | (modules & set(defined)):
        if name in defined:
            raise ValueError(f"runner/{part}.py: {name!r} is also defined in {defined[name]}.py")
        defined[name] = part
    return "".join(lines)


@once(maxsize=1)
def runner_source() -> str:
    """The runner's modules joined into one program that ends by calling main()."""
    return join_runner(lambda part: (RUNNER_DIR / f"{part}.py").read_text(encoding="utf-8"))


def join_runner(read: Callable[[str], str]) -> str:
    """The modules `read(part)` gives for each part, joined into one program."""
    defined: dict[str, str] = {}
    texts = [_joinable(part, read(part), defined) for part in PARTS]
    if defined.get("main") != "main":
        raise ValueError("runner/main.py defines no main()")
    return "\n".join(texts) + "\nmain()\n"


@lru_cache(maxsize=4)
def runner_code(python: str) -> bytes | None:
    """The runner compiled and marshalled by the sandbox interpreter itself, or None."""
    return compile_runner(python, runner_source())


def compile_runner(python: str, source: str) -> bytes | None:
    """`source` compiled and marshalled by `python`, or None (then the source is sent)."""
    try:
        done = subprocess.run([python, "-I", "-S", "-B", "-c", _COMPILE], input=source.encode(),
                              capture_output=True, timeout=30, env=HOST_ENV)
    except (OSError, subprocess.TimeoutExpired) as exc:
        log.warning("could not precompile the sandbox runner (%s): sending its source", exc)
        return None
    if done.returncode != 0 or not done.stdout:
        log.warning("could not precompile the sandbox runner: sending its source")
        return None
    return done.stdout


def runner_command(python: str) -> tuple[list[str], bytes]:
    """The interpreter's argv that runs the runner, and what goes on stdin before the job."""
    return command_for(python, runner_code(python), runner_source())


def command_for(python: str, code: bytes | None, source: str) -> tuple[list[str], bytes]:
    """Run `code` (marshalled, sent on stdin ahead of the job), else `source` (with -c)."""
    if code is not None:
        return [python, "-I", "-S", "-B", "-c", BOOTSTRAP], b"%d\n" % len(code) + code
    return [python, "-I", "-S", "-B", "-c", source], b""
