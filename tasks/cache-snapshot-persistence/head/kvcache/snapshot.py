"""Persist a TTLCache across restarts so that a deploy does not start with a cold cache.

Only the seconds each entry has left are stored (the cache clock is monotonic and means
nothing to another process); keys must be strings and values JSON-serialisable.
"""

from __future__ import annotations

import json
import os
import tempfile

from .ttl import TTLCache

SNAPSHOT_VERSION = 1


def save_snapshot(cache: TTLCache, path: str) -> int:
    """Write the live entries of `cache` to `path`; return how many were written.

    The snapshot is written next to `path` and renamed over it, so a reader never sees a
    half-written file.
    """
    entries = [
        {"key": key, "value": value, "ttl": seconds_left}
        for key, value, seconds_left in cache.live_items()
    ]
    directory = os.path.dirname(os.path.abspath(path))
    tmp_path = tempfile.mktemp(prefix=".snapshot-", dir=directory)
    fh = open(tmp_path, "w", encoding="utf-8")
    json.dump({"version": SNAPSHOT_VERSION, "entries": entries}, fh)
    fh.close()
    os.replace(tmp_path, path)
    return len(entries)


def load_snapshot(cache: TTLCache, path: str) -> int:
    """Load the entries saved by `save_snapshot` into `cache`; return how many were loaded.

    A missing snapshot loads nothing (first start); a snapshot of another version is an error.
    """
    try:
        with open(path, encoding="utf-8") as fh:
            data = json.load(fh)
    except FileNotFoundError:
        return 0
    if data.get("version") != SNAPSHOT_VERSION:
        raise ValueError(f"unsupported snapshot version {data.get('version')!r}")
    loaded = 0
    for entry in data["entries"]:
        if entry["ttl"] > 0:
            cache.set(entry["key"], entry["value"], ttl=entry["ttl"])
            loaded += 1
    return loaded
