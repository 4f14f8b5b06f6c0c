"""HTTP routes of the review workbench (`/review`).

The page plays its episode over OpenEnv's own `/ws` (one WebSocket, hence one environment, per
browser tab). These routes only serve the page and what it needs to draw code: the task list
(public fields), a task's head files and diff highlighted, and the unified diff of an edit. None of them reads the answer.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import APIRouter, FastAPI, HTTPException
from fastapi.responses import FileResponse, PlainTextResponse
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, Field

from ...models import MAX_PATCH_CHARS, MAX_PATH_CHARS, Category, Severity
from ..tasks.generator import GENERATED_SPLIT, resolve_task
from ..tasks.loader import get_bank
from ..tasks.model import SPLITS
from .highlight import stylesheet
from .view import file_diff, task_view, unified_patch

STATIC = Path(__file__).parent / "static"
PREFIX = "/review"


class PatchRequest(BaseModel):
    path: str = Field(..., min_length=1, max_length=MAX_PATH_CHARS)
    old: str = Field(..., max_length=MAX_PATCH_CHARS)
    new: str = Field(..., max_length=MAX_PATCH_CHARS)


router = APIRouter(prefix=PREFIX)


@router.get("", include_in_schema=False)
@router.get("/", include_in_schema=False)
def page() -> FileResponse:
    return FileResponse(STATIC / "index.html", headers={"Cache-Control": "no-cache"})


@router.get("/api/catalog")
def catalog() -> dict[str, Any]:
    """Tasks grouped by split (public fields), and the choices a finding offers."""
    bank = get_bank()
    return {
        "splits": {s: [t.public_info(i) for i, t in enumerate(bank.split(s))] for s in SPLITS},
        "generated_split": GENERATED_SPLIT,
        "categories": [c.value for c in Category],
        "severities": [s.value for s in Severity],
    }


@router.get("/api/task/{task_id}")
def task(task_id: str) -> dict[str, Any]:
    """The head files and the diff of one task, highlighted line by line."""
    try:
        found = resolve_task(task_id)
    except (KeyError, ValueError) as exc:
        raise HTTPException(404, f"no task {task_id!r}") from exc
    return task_view(found)


@router.post("/api/patch")
def patch(request: PatchRequest) -> dict[str, Any]:
    """The unified diff from `old` to `new`, which the page sends as `propose_patch(diff=...)`,
    and the same change as highlighted rows, to show the person what they changed."""
    return {"diff": unified_patch(request.path, request.old, request.new),
            "view": file_diff(request.path, request.old, request.new)}


@router.get("/api/highlight.css", response_class=PlainTextResponse)
def highlight_css() -> PlainTextResponse:
    return PlainTextResponse(stylesheet(), media_type="text/css")


def mount_workbench(app: FastAPI) -> None:
    """Add the workbench's routes and static files to the environment's app."""
    app.include_router(router)
    app.mount(f"{PREFIX}/static", StaticFiles(directory=STATIC), name="review-static")
