"""A tiny causal LM and tokenizer made from nothing (no hub download), for CPU smoke runs of GRPO.

The tokenizer is a byte-level BPE trained on the tool schema and a few rendered prompts, with the
Qwen2.5 chat template that TRL ships (TRL knows how to parse that template's tool calls). The model
is a randomly initialised two-layer Qwen2. `warm_start` teaches it, in a few supervised steps, to
answer with a tool call, so that sampled rollouts differ and GRPO has a signal to learn from; to
make that cheap, `add_call_tokens` gives each scripted call text a token of its own (the model
still emits plain text that TRL parses as a tool call).
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import Any

SPECIAL_TOKENS = ["<|endoftext|>", "<|im_start|>", "<|im_end|>"]


def tiny_tokenizer(corpus: Sequence[str], vocab_size: int = 2000) -> Any:
    """A byte-level BPE `PreTrainedTokenizerFast` trained on `corpus`, with Qwen2.5's chat template."""
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers
    from transformers import PreTrainedTokenizerFast
    from trl.chat_template_utils import qwen2_5_chat_template

    raw = Tokenizer(models.BPE())
    raw.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    raw.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(vocab_size=vocab_size, special_tokens=SPECIAL_TOKENS,
                                  initial_alphabet=pre_tokenizers.ByteLevel.alphabet())
    raw.train_from_iterator(corpus, trainer=trainer)
    tokenizer = PreTrainedTokenizerFast(tokenizer_object=raw, eos_token="<|im_end|>",
                                        pad_token="<|endoftext|>", padding_side="left")
    tokenizer.chat_template = qwen2_5_chat_template
    return tokenizer


def tiny_model(tokenizer: Any, seed: int = 0) -> Any:
    """A random two-layer Qwen2 causal LM sized to the tokenizer."""
    import torch
    from transformers import Qwen2Config, Qwen2ForCausalLM

    torch.manual_seed(seed)
    config = Qwen2Config(
        vocab_size=len(tokenizer), hidden_size=64, intermediate_size=128, num_hidden_layers=2,
        num_attention_heads=4, num_key_value_heads=2, max_position_embeddings=8192,
        pad_token_id=tokenizer.pad_token_id, eos_token_id=tokenizer.eos_token_id,
        bos_token_id=None, tie_word_embeddings=True,
    )
    return Qwen2ForCausalLM(config)


def tool_call_texts(tokenizer: Any, tools: list[Any], calls: Sequence[tuple[str, dict]]) -> list[str]:
    """Each (name, arguments) call rendered by the chat template as an assistant turn."""
    user = [{"role": "user", "content": "x"}]
    prefix = tokenizer.apply_chat_template(user, tools=tools, tokenize=False,
                                           add_generation_prompt=True)
    texts = []
    for name, arguments in calls:
        turn = {"role": "assistant", "content": "",
                "tool_calls": [{"type": "function",
                                "function": {"name": name, "arguments": arguments}}]}
        full = tokenizer.apply_chat_template([*user, turn], tools=tools, tokenize=False)
        texts.append(full[len(prefix):].rstrip("\n"))
    return texts


def add_call_tokens(tokenizer: Any, calls: Sequence[str]) -> list[str]:
    """Give each call text (without its end-of-turn marker) one token; returns the completions
    (call + end of turn) that `warm_start` fits."""
    end = "<|im_end|>"
    bodies = [c.removesuffix(end) for c in calls]
    tokenizer.add_tokens(bodies)
    return [b + end for b in bodies]


def warm_start(model: Any, tokenizer: Any, prompt: str, completions: Sequence[str],
               steps: int = 40, lr: float = 3e-3, seed: int = 0, context_tokens: int = 32) -> float:
    """Fit the model to answer `prompt` with one of `completions` (loss on the completion only);
    returns the last loss. Only the prompt's last `context_tokens` are used: the next token of a
    model this small depends mostly on the last ones, and a short context keeps this cheap."""
    import torch

    rng = random.Random(seed)
    prompt_ids = tokenizer(prompt, add_special_tokens=False)["input_ids"][-context_tokens:]
    model.train()
    optimizer = torch.optim.AdamW(model.parameters(), lr=lr)
    loss = torch.tensor(0.0)
    for _ in range(steps):
        completion = tokenizer(rng.choice(completions), add_special_tokens=False)["input_ids"]
        ids = torch.tensor([prompt_ids + completion])
        labels = torch.tensor([[-100] * len(prompt_ids) + completion])
        loss = model(input_ids=ids, labels=labels).loss
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    model.eval()
    return float(loss.detach())
