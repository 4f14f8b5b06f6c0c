"""Progress checkpoints for long imports, so that an interrupted run can resume."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

FORMAT_VERSION = 1


class CheckpointError(ValueError):
    """A checkpoint file exists but cannot be used."""


@dataclass(frozen=True)
class Checkpoint:
    """How far an import got.

    `committed` is the number of records, counted from the start of the input, that are
    known to be written to the sink; a resumed run starts with the record after them.
    """

    committed: int = 0


def load_checkpoint(path: Path) -> Checkpoint:
    """Read a checkpoint; a missing file means nothing was committed yet."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Checkpoint()
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise CheckpointError(f"{path}: not valid JSON") from exc
    if not isinstance(data, dict) or data.get("version") != FORMAT_VERSION:
        raise CheckpointError(f"{path}: unknown checkpoint format")
    committed = data.get("committed")
    if not isinstance(committed, int) or committed < 0:
        raise CheckpointError(f"{path}: bad committed count {committed!r}")
    return Checkpoint(committed=committed)


def save_checkpoint(path: Path, checkpoint: Checkpoint) -> None:
    """Write the checkpoint atomically: a crash leaves either the old or the new file."""
    payload = {"version": FORMAT_VERSION, "committed": checkpoint.committed}
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(payload), encoding="utf-8")
    os.replace(tmp, path)


def clear_checkpoint(path: Path) -> None:
    path.unlink(missing_ok=True)
