"""Which tasks an evaluation plays, with the metadata its report needs (difficulty, clean, bug
classes, issue weight): from the local task bank, or from a server's Task API completed by the
local bank when it holds the task. Tasks without expected.json (not validated) are skipped."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

GENERATED_SPLIT = "generated"
PUBLIC_SPLITS = ("train", "validation", "test")  # the splits the Task API lists


@dataclass
class TaskInfo:
    id: str
    split: str
    difficulty: str
    clean: bool | None = None  # None: unknown until the episode's score says
    bug_classes: list[str] = field(default_factory=list)
    issue_weight: float | None = None  # total severity weight of the reference issues


def local_bank():
    from ..server.tasks.loader import get_bank

    return get_bank()


def is_generated(task_id: str) -> bool:
    return task_id.startswith("gen-") and task_id[4:].isdigit()


def issue_weight(task) -> float:
    return float(sum(issue.weight for issue in task.issues))


def _info(task) -> TaskInfo:
    return TaskInfo(task.id, task.split, task.difficulty, task.clean, list(task.bug_classes),
                    issue_weight(task))


def _first(items: list, limit: int | None) -> list:
    return items[:limit] if limit else items


def generated_ids(limit: int) -> list[str]:
    """The first `limit` tasks of the unlimited generated split: generator seeds 0 .. limit-1."""
    return [f"gen-{seed}" for seed in range(limit)]


def local_tasks(split: str, ids: list[str] | None = None, limit: int | None = None
                ) -> tuple[list[TaskInfo], list[str]]:
    """Validated tasks of the split (or the given ids; `gen-N` is generated here, and the
    in-process server reuses it from the generator's cache), at most `limit` of them, and the
    ids skipped as not validated."""
    from ..server.tasks.generator import resolve_task
    from ..server.tasks.model import REAL_SPLIT
    from ..server.tasks.real.store import real_tasks

    if ids:
        chosen = [resolve_task(task_id) for task_id in ids]
    elif split == GENERATED_SPLIT:
        chosen = [resolve_task(task_id) for task_id in generated_ids(limit or 0)]
    elif split == REAL_SPLIT:
        chosen = list(real_tasks())
    else:
        chosen = list(local_bank().split(split))
    chosen = _first(chosen, limit)
    skipped = [t.id for t in chosen if t.derived is None]
    return [_info(t) for t in chosen if t.derived is not None], skipped


def _remote_generated(split: str, ids: list[str] | None, limit: int | None
                      ) -> list[TaskInfo] | None:
    """The generated tasks asked for (all buggy, medium, their bug classes unknown here: the
    server generates them), or None when the request names curated tasks."""
    generated = [i for i in (ids or []) if is_generated(i)]
    if split == GENERATED_SPLIT and not ids:
        generated = generated_ids(limit or 0)
    if not generated:
        return None
    if len(generated) != len(ids or generated):
        raise ValueError("give curated task ids or gen-N ids with --url, not both")
    return [TaskInfo(i, GENERATED_SPLIT, "medium", clean=False) for i in _first(generated, limit)]


def _listing(url: str, split: str) -> list[dict[str, Any]]:
    import httpx

    response = httpx.post(f"{url.rstrip('/')}/python_env/tasks", json={"split": split},
                          timeout=30)
    response.raise_for_status()
    return response.json()["tasks"]


def _public_rows(url: str, split: str, ids: list[str] | None, limit: int | None
                 ) -> list[dict[str, Any]]:
    if not ids:
        return _first(_listing(url, split), limit)
    public = {t["id"]: t for name in PUBLIC_SPLITS for t in _listing(url, name)}
    unknown = [i for i in ids if i not in public]
    if unknown:
        raise KeyError(f"unknown task_id(s) on the server: {', '.join(unknown)}")
    return _first([public[i] for i in ids], limit)


def _local_by_id() -> dict[str, Any]:
    try:
        return local_bank().by_id
    except Exception:  # no local bank (a remote-only install): public fields only
        return {}


def remote_tasks(url: str, split: str, ids: list[str] | None = None, limit: int | None = None
                 ) -> tuple[list[TaskInfo], list[str]]:
    """Tasks listed by the server's Task API, completed from the local bank when it has them.

    The Task API does not list the generated split (it has no size): its tasks are gen-N.
    """
    generated = _remote_generated(split, ids, limit)
    if generated is not None:
        return generated, []
    bank = _local_by_id()
    tasks, skipped = [], []
    for row in _public_rows(url, split, ids, limit):
        local = bank.get(row["id"])
        if local is not None and local.derived is None:
            skipped.append(row["id"])
            continue
        info = TaskInfo(row["id"], row.get("split", split), row.get("difficulty", "?"))
        if local is not None:
            info.clean, info.bug_classes = local.clean, list(local.bug_classes)
            info.issue_weight = issue_weight(local)
        tasks.append(info)
    return tasks, skipped
