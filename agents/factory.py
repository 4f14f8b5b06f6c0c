"""Constructors of the baseline agents by name (`python-env eval --agent NAME`)."""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable

from .base import Agent
from .eval_args import AGENT_NAMES
from .eval_tasks import local_bank


def agent_factory(name: str, args: argparse.Namespace | None = None) -> Callable[[], Agent]:
    """A constructor of fresh agents (one per episode) for an agent name."""
    if name == "null":
        from .null import NullAgent

        return NullAgent
    if name == "oracle":
        from .oracle import OracleAgent

        bank = local_bank()
        return lambda: OracleAgent(bank)
    if name == "static":
        from .static import StaticAgent

        return StaticAgent
    if name == "llm":
        from .llm import LLMAgent

        model = getattr(args, "model", None) or os.environ.get("MODEL_NAME")
        base_url = getattr(args, "api_base", None) or os.environ.get("API_BASE_URL")
        api_key = os.environ.get("HF_TOKEN") or os.environ.get("OPENAI_API_KEY")
        if not model:
            raise ValueError("the llm agent needs --model (or MODEL_NAME)")
        options = {"max_actions": getattr(args, "max_actions", None) or 24,
                   "request_timeout_s": getattr(args, "request_timeout", None) or 60.0}
        return lambda: LLMAgent(model, base_url, api_key, **options)
    raise ValueError(f"unknown agent {name!r}; agents are {', '.join(AGENT_NAMES)}")

