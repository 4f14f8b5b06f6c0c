"""probe_units gives every bank task (and the real split, when built) the units it gave before
its restructuring (issue 13): each probes file's units are pinned by digest, keyed by a digest of
the source, so a task whose probes change is left out rather than failing here."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from python_env.server.probe_units import probe_units
from python_env.server.tasks.model import probe_names

from .conftest import all_tasks

PINS = Path(__file__).with_name("probe_units_pins.json")


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _sources() -> dict[str, str]:
    sources = {t.id: t.probes_source for t in all_tasks()}
    try:
        from python_env.server.tasks.real.store import real_tasks

        sources.update((t.id, t.probes_source) for t in real_tasks())
    except Exception:  # the real split is not built on this machine
        pass
    return sources


def test_probe_units_match_the_pinned_units_on_every_task():
    pins = json.loads(PINS.read_text(encoding="utf-8"))
    compared, differ = 0, []
    for task_id, source in sorted(_sources().items()):
        names = tuple(probe_names(source))
        key = _digest(source + "\0" + "\0".join(names))
        if key not in pins:
            continue
        compared += 1
        if _digest("\0".join(probe_units(source, names))) != pins[key]:
            differ.append(task_id)
    assert not differ, f"probe units changed for {differ}"
    assert compared >= len(all_tasks()) * 0.9, f"only {compared} task(s) still pinned"
