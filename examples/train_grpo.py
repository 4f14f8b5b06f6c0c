"""Train a policy with TRL's GRPO on python_env review episodes.

    uv sync --group train
    uv run server --port 8001 &
    uv run python examples/train_grpo.py --url http://127.0.0.1:8001 --steps 2 --tiny

`--tiny` builds a two-layer random model and a tokenizer from nothing (no download) and warm-starts
it to emit tool calls: a CPU smoke run of the whole loop. Otherwise `--model` names a chat model
whose template TRL can parse tool calls from (e.g. a Qwen2.5/Qwen3 instruct model).
"""

from __future__ import annotations

import argparse
import json
import tempfile
from dataclasses import dataclass
from typing import Any

from python_env.action_table import ACTION_TYPES
from python_env.integrations.tiny import (
    add_call_tokens,
    tiny_model,
    tiny_tokenizer,
    tool_call_texts,
    warm_start,
)
from python_env.integrations.trl import (
    PROMPT,
    EpisodeRecord,
    ReviewEnvironment,
    review_dataset,
    review_environment_factory,
)

# The tiny model's whole prompt (tool schema, task, diff) stays around a thousand tokens.
FIRST_TOKENS_TINY = 256
# A clean pull request: approve scores 1.0, request_changes 0.6, so the two calls the tiny model
# is warm-started on give GRPO different rewards within a group.
TINY_TASK = "jsonl-tool-sample-command"
TOOL_METHODS = ACTION_TYPES  # ReviewEnvironment has one tool method per action


def tool_schemas() -> list[dict[str, Any]]:
    """The JSON schemas TRL renders for the environment's tools (for tokenizer training)."""
    from transformers.utils import get_json_schema

    return [get_json_schema(getattr(ReviewEnvironment, name)) for name in TOOL_METHODS]


def build_tiny(base_url: str, task_id: str, seed: int = 0) -> tuple[Any, Any]:
    """Tokenizer and model from nothing, warm-started on the task's prompt to answer with
    submit(approve) or submit(request_changes), which score differently on a clean task."""
    probe = ReviewEnvironment(base_url, first_observation_tokens=FIRST_TOKENS_TINY)
    first = probe.reset(task_id=task_id)
    probe._close()
    schemas = tool_schemas()
    corpus = [PROMPT, first, json.dumps(schemas), *(json.dumps(s) for s in schemas)]
    tokenizer = tiny_tokenizer(corpus)
    env_tools = [getattr(ReviewEnvironment, name) for name in TOOL_METHODS]
    prompt = tokenizer.apply_chat_template(
        [{"role": "user", "content": PROMPT + first}], tools=env_tools, tokenize=False,
        add_generation_prompt=True)
    completions = add_call_tokens(tokenizer, tool_call_texts(tokenizer, env_tools, [
        ("submit", {"decision": "approve"}), ("submit", {"decision": "request_changes"})]))
    model = tiny_model(tokenizer, seed=seed)
    warm_start(model, tokenizer, prompt, completions, seed=seed)
    return model, tokenizer


def make_trainer(model: Any, tokenizer: Any, base_url: str, *, steps: int, dataset: Any,
                 output_dir: str, history: list[EpisodeRecord],
                 generations: int = 4, completion_tokens: int = 128,
                 first_observation_tokens: int = 1024,
                 learning_rate: float = 1e-3) -> Any:
    from trl import GRPOConfig, GRPOTrainer

    args = GRPOConfig(
        output_dir=output_dir, max_steps=steps, per_device_train_batch_size=generations,
        num_generations=generations, max_completion_length=completion_tokens,
        max_tool_calling_iterations=2, learning_rate=learning_rate, beta=0.0, temperature=1.0,
        use_cpu=True, bf16=False, report_to="none", logging_steps=1, save_strategy="no",
        seed=0, dataloader_num_workers=0,
    )
    return GRPOTrainer(
        model=model, processing_class=tokenizer, args=args,
        train_dataset=dataset,
        environment_factory=review_environment_factory(
            base_url, tokenizer, observation_tokens=completion_tokens // 2,
            first_observation_tokens=first_observation_tokens, history=history),
    )


@dataclass
class RunSummary:
    history: list[EpisodeRecord]  # one record per rollout, reward from the server
    log_history: list[dict[str, Any]]  # the trainer's logs, one entry per step
    weight_change: float  # largest absolute change of any parameter


def run(argv: list[str] | None = None) -> RunSummary:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:8000", help="python_env server")
    parser.add_argument("--steps", type=int, default=2, help="GRPO optimisation steps")
    parser.add_argument("--tiny", action="store_true", help="tiny random model, no download")
    parser.add_argument("--model", default="Qwen/Qwen2.5-0.5B-Instruct", help="model name")
    parser.add_argument("--split", default="train")
    parser.add_argument("--tasks", type=int, default=4, help="tasks of the split to train on")
    parser.add_argument("--task-id", action="append", default=None,
                        help=f"train on this task (repeatable); --tiny defaults to {TINY_TASK}")
    parser.add_argument("--output-dir", default=None)
    args = parser.parse_args(argv)

    task_ids = args.task_id or ([TINY_TASK] if args.tiny else None)
    dataset = review_dataset(split=args.split, count=args.tasks, task_ids=task_ids)
    if args.tiny:
        model, tokenizer = build_tiny(args.url, task_ids[0])
        first_tokens = FIRST_TOKENS_TINY
    else:
        from transformers import AutoModelForCausalLM, AutoTokenizer

        tokenizer = AutoTokenizer.from_pretrained(args.model, padding_side="left")
        model = AutoModelForCausalLM.from_pretrained(args.model)
        first_tokens = 2048
    before = {n: p.detach().clone() for n, p in model.named_parameters()}
    history: list[EpisodeRecord] = []
    with tempfile.TemporaryDirectory() as tmp:
        trainer = make_trainer(model, tokenizer, args.url, steps=args.steps, dataset=dataset,
                               output_dir=args.output_dir or tmp,
                               first_observation_tokens=first_tokens, history=history)
        trainer.train()
    change = max(float((p.detach() - before[n]).abs().max()) for n, p in model.named_parameters())
    return RunSummary(history, list(trainer.state.log_history), change)


def main(argv: list[str] | None = None) -> int:
    summary = run(argv)
    scored = [e for e in summary.history if e.reward is not None]
    mean = sum(e.reward or 0.0 for e in scored) / max(len(scored), 1)
    print(f"episodes {len(scored)}  submitted by the model "
          f"{sum(e.submitted_by_model for e in scored)}  mean reward {mean:.3f}  "
          f"largest weight change {summary.weight_change:.2e}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
