"""The arguments of `python-env eval`, kept apart from evaluate.py so that building the CLI's
parser does not import the client and OpenEnv (evaluate.py is imported when the command runs)."""

from __future__ import annotations

import argparse
import ast
from pathlib import Path

AGENT_NAMES = ("oracle", "null", "static", "llm")
SPLITS = ("train", "validation", "test", "generated", "real")
TOOL_OUTPUT_LIMIT = 4000  # rollout.trajectory's default; kept here so the parser stays light


def _description() -> str:
    # evaluate.py's docstring defines the metrics; read without importing the module.
    source = Path(__file__).with_name("evaluate.py").read_text(encoding="utf-8")
    return ast.get_docstring(ast.parse(source)) or ""


def _run_eval(args: argparse.Namespace) -> int:
    from .evaluate import run_eval

    return run_eval(args)


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def add_eval_parser(sub) -> None:
    """Register `python-env eval` on the CLI's subparsers."""
    p = sub.add_parser("eval", help="play a baseline agent over a split and report",
                       description=_description(),
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--agent", required=True, choices=AGENT_NAMES)
    p.add_argument("--split", default="test", choices=SPLITS,
                   help="default test; generated: tasks gen-0 .. gen-(N-1), needs --limit N")
    p.add_argument("--limit", type=_positive, metavar="N",
                   help="only the first N tasks of the split (required for generated)")
    p.add_argument("--tasks", nargs="+", metavar="ID", help="only these task ids (gen-N too)")
    p.add_argument("--url", nargs="+", metavar="URL",
                   help="running server(s), the episodes spread over them (default: start one "
                        "in this process)")
    p.add_argument("--concurrency", type=int, default=4, help="episodes at once (default 4)")
    p.add_argument("--json", metavar="PATH", help="write the JSON report here")
    p.add_argument("--model", help="llm: model name (default MODEL_NAME)")
    p.add_argument("--api-base", help="llm: OpenAI-compatible base URL (default API_BASE_URL)")
    p.add_argument("--max-actions", type=int, help="llm: actions per episode (default 24)")
    p.add_argument("--request-timeout", type=float, help="llm: seconds per request (default 60)")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    p.add_argument("--trajectories", metavar="PATH",
                   help="write every episode as one JSON line here (python-env replay reads it)")
    p.add_argument("--tool-output-limit", type=int, default=TOOL_OUTPUT_LIMIT,
                   help=f"trajectories: characters kept of each tool output (default "
                        f"{TOOL_OUTPUT_LIMIT})")
    p.add_argument("--episode-timeout", type=float,
                   help="seconds an episode may take, retries included (default: no limit)")
    p.add_argument("--ray", action="store_true",
                   help="run the servers as Ray actors and spread the episodes over them "
                        "(needs the ray dependency group)")
    p.add_argument("--ray-servers", type=int, default=2, help="--ray: servers (default 2)")
    p.add_argument("--ray-address",
                   help="--ray: a running cluster (e.g. auto; default: start a local one)")
    p.set_defaults(func=_run_eval)
